import { FileJournal } from '../adapters/file/file-journal.js';
import { ConfigError } from '../core/errors.js';
import { calibrationFrom, type StepCalibration } from '../core/timing/index.js';

/**
 * The forecast's calibration from a journal of an earlier run (`plan --timings-from JOURNAL`): the
 * median time of each action it recorded. A missing, unreadable or malformed journal, or one that
 * recorded no step times, is bad input: said plainly, nothing planned from it.
 */
export async function readStepCalibration(path: string): Promise<StepCalibration> {
  let record;
  try {
    record = await new FileJournal(path).read();
  } catch (error) {
    throw new ConfigError(`invalid --timings-from ${path}: ${(error as Error).message.replace(/; pass --start-over to ignore it$/, '')}; give the journal file of an earlier apply (--journal, or ~/.kubehop/CLUSTER.journal.json)`, { cause: error });
  }
  if (!record) throw new ConfigError(`invalid --timings-from ${path}: no such file; give the journal file of an earlier apply (--journal, or ~/.kubehop/CLUSTER.journal.json)`);
  const calibration = calibrationFrom(record.stepTimes ?? {});
  if (Object.keys(calibration).length === 0) {
    throw new ConfigError(`invalid --timings-from ${path}: the journal records no step times (its run carried out no step, or an older kubehop wrote it); run apply once with this kubehop, or leave out --timings-from`);
  }
  return calibration;
}
