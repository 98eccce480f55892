import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibrationFrom, recordStepTime, STEP_TIME_SAMPLES, stepKind, validateStepTimes, type StepTimes } from './step-times.js';

test('a step is recorded under its part and action, so control-plane and worker times stay apart', () => {
  assert.equal(stepKind({ phase: 'control-plane-kubelet', action: 'drain' }), 'control-plane/drain');
  assert.equal(stepKind({ phase: 'workers', action: 'kubeadm-upgrade-node' }), 'workers/kubeadm-upgrade-node');
});

test(`the journal keeps only the last ${STEP_TIME_SAMPLES} times of each kind of step`, () => {
  let times: StepTimes | undefined;
  for (let i = 1; i <= STEP_TIME_SAMPLES + 10; i++) times = recordStepTime(times, 'workers/drain', i);
  assert.equal(times?.['workers/drain']?.length, STEP_TIME_SAMPLES);
  assert.equal(times?.['workers/drain']?.[0], 11);
});

test('calibration takes the median of each kind of step', () => {
  assert.deepEqual(calibrationFrom({ 'workers/drain': [10, 300, 20], 'control-plane/kubeadm-apply': [100, 140], 'workers/uncordon': [] }), { 'workers/drain': 20, 'control-plane/kubeadm-apply': 120 });
});

const garbage: { name: string; value: unknown; error: RegExp }[] = [
  { name: 'a list instead of an object', value: [1, 2], error: /^stepTimes must be an object/ },
  { name: 'an unknown action', value: { 'workers/reboot': [1] }, error: /^stepTimes\.workers\/reboot: not a kind of step/ },
  { name: 'an action without its part', value: { drain: [1] }, error: /^stepTimes\.drain: not a kind of step/ },
  { name: 'seconds as strings', value: { 'workers/drain': ['60'] }, error: /^stepTimes\.workers\/drain: expected at most 50 durations/ },
  { name: 'a negative time', value: { 'workers/drain': [-1] }, error: /expected at most 50 durations in seconds, each from 0/ },
  { name: 'a time of years', value: { 'workers/drain': [1e12] }, error: /expected at most 50 durations/ },
  { name: 'more samples than kubehop keeps', value: { 'workers/drain': Array.from({ length: 51 }, () => 1) }, error: /expected at most 50 durations/ },
];
for (const c of garbage) {
  test(`step times with ${c.name} are refused`, () => {
    const result = validateStepTimes(c.value);
    assert.equal(result.ok, false);
    assert.match((!result.ok && result.errors[0]) || '', c.error);
  });
}

test('step times as kubehop records them are accepted', () => {
  assert.equal(validateStepTimes({ 'workers/drain': [60.5, 3], 'control-plane/kubeadm-apply': [140] }).ok, true);
});
