import type { NodeOs } from '../../core/cluster/index.js';

// The package manager a node's OS image implies, for the plan's install commands. Only a guess:
// SSH tells the truth later. Enterprise Linux 7 and Amazon Linux 2 still use yum; the newer ones
// use dnf. An image kubehop does not recognise is taken for a Debian-like system.

const RHEL_LIKE = /red hat|rhel|rocky|alma|centos|fedora|oracle linux|amazon linux|anolis|openeuler/i;
const YUM_ERA = /(red hat enterprise linux( server)?|centos linux|oracle linux server|scientific linux)\s+7\b|amazon linux 2(?!\d)/i;

export function nodeOsOf(image: string | undefined): NodeOs {
  const text = image?.trim() || 'unknown';
  if (RHEL_LIKE.test(text)) return { image: text, family: 'rhel', packageManager: YUM_ERA.test(text) ? 'yum' : 'dnf' };
  return { image: text, family: 'debian', packageManager: 'apt' };
}
