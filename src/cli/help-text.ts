export const VERSION = '0.1.0';

export const HELP = `kubehop — plan and carry out kubeadm Kubernetes upgrades safely

Usage: kubehop <command> [options]        (also: kubectl hop <command>)

Commands:
  check      where the cluster stands: versions per node, skew findings, support status
  preflight  what would break the upgrade, found before it starts (removed APIs, drains, room, certificates)
  plan       the path of hops and every ordered step with its exact commands
  apply      carry a plan out, with live progress (built-in and file clusters run simulated)
  simulate   run the upgrade on the built-in simulator and see what it does to workloads
  releases   Kubernetes minor releases and their support status on a date
  completion bash|zsh   a shell completion script: source <(kubehop completion bash)

Common options:
  --cluster NAME|FILE   demo, classic, shop, or a cluster file (docs/cluster-file.md); without it, the
                        cluster your kubeconfig points at (--kubeconfig FILE, --context NAME)
  --ssh, --ssh-user U, --ssh-port N, --ssh-identity FILE, --ssh-host NODE=ADDR[:PORT],
  --ssh-accept-new, --known-hosts FILE, --ssh-config FILE
                        reach the nodes over SSH (apply needs it; --ssh makes check/plan read
                        each node's OS, packages and repository) — see docs/ssh.md
  --releases FILE       a newer release catalog (our JSON, or kubernetes/website schedule.yaml + eol.yaml)
  -o, --output FORMAT   table (default), json, ...
  -h, --help            help for a command

Exit codes: 0 success, 1 operational failure, 2 bad usage or input, 3 blocking findings.
`;

/** How a plan is made: plan, preflight, apply and simulate take these (PLAN_OPTIONS in plan-command.ts). */
const PLANNING_HELP = `  --to VERSION              target: 1.37 (latest known patch) or v1.37.1; default: the newest supported release
  --workers-every-hop       upgrade every kubelet at every hop (the classic procedure) instead of the fewest drains
  --strategy S              how the workers are upgraded: rolling (default), all-at-once, surge, blue-green (below)
  --max-unavailable N|auto  rolling: most workers drained at the same time; auto (default): as many as
                            the budgets, the workload bound and the room left allow (at most a quarter
                            of the workers, 100 at most)
  --max-surge N             surge: new workers added at a time (default 1)
  --batch N                 blue-green: old workers drained at the same time (default 1)
  --max-workload-unavailable P%
                            rolling, surge: share of a workload without a PodDisruptionBudget that may
                            be down at once (default 25%, at least one pod)
  --prepare-ahead N         rolling, all-at-once: workers whose repository switch, kubeadm install and
                            \`kubeadm upgrade node\` run together before their drains, so the drain
                            window holds only drain, kubelet, restart, Ready, uncordon (default: a
                            quarter of the workers, 20 to 100; 0: each worker's kubeadm steps inside
                            its own drain window)
  --allow-unlisted-version  accept an exact patch the release catalog does not list
  --delete-emptydir-data    drains may evict pods with emptyDir volumes (their local data is lost)
  --delete-unmanaged-pods   drains may delete pods no controller owns (they do not come back)
  --fix CODE                carry the fix of a preflight finding as plan steps (repeatable): KUBELET_FLAG_REMOVED
                            takes each removed kubelet flag out of its file just before the kubelet upgrade that refuses it
  --exclude-node NODE       leave a worker out of the plan (repeatable): not drained, not upgraded; refused when its
                            kubelet would fall outside the skew policy
  --releases FILE           a newer release catalog
  -o, --output FORMAT       table (default), json, yaml, markdown (a runbook to follow by hand)

Strategies (control-plane nodes are always upgraded in place, one at a time):
  rolling      drain --max-unavailable workers, upgrade kubeadm/kubelet/kubectl on them in place, uncordon;
               needs nothing more. Capacity drops by the workers drained at once.
  all-at-once  every worker at once: the fastest, and workloads that run only on workers go down.
  surge        new machines join at the target version (--max-surge at a time), the old workers are drained
               onto them, deleted and reset; capacity never drops. "apply" on a live cluster needs spare
               hosts or a provision command (see "kubehop apply --help"); each freed machine becomes the next
               spare, so one spare upgrades the whole pool. Simulated clusters make their own machines.
  blue-green   a new machine for every worker of a round joins first; then the whole old pool is cordoned,
               drained --batch at a time (with "apply --soak" after each batch) and only then removed. Needs a
               machine per worker (spare hosts or a provision command). A run that stops before the removal
               uncordons the old pool and drains and removes the new nodes.
`;

/** The options every command that reads a cluster takes (SOURCE_OPTIONS in load-inputs.ts). */
const CLUSTER_HELP = `
Cluster and SSH options:
  --cluster NAME|FILE       demo, classic, shop, or a cluster file; without it, the cluster of your kubeconfig
  --kubeconfig FILE         the kubeconfig to use (default: KUBECONFIG, ~/.kube/config, in-cluster)
  --context NAME            the kubeconfig context to use (default: its current-context)
  --ssh                     read each node's OS, packages and repository over SSH (apply always does)
  --ssh-user USER           the SSH user (default: your ~/.ssh/config, then your login)
  --ssh-port N              the SSH port (default 22)
  --ssh-identity FILE       a private key to offer (repeatable)
  --ssh-host NODE=ADDR[:PORT]   where to reach NODE (repeatable)
  --ssh-accept-new          trust a node's host key on first contact and add it to known_hosts
  --known-hosts FILE        the known_hosts file (default ~/.ssh/known_hosts)
  --ssh-config FILE         the ssh_config file (default ~/.ssh/config); see docs/ssh.md
`;

export const CHECK_HELP = `Usage: kubehop check [--cluster NAME|FILE] [--releases FILE] [-o table|wide|json]

Shows each node's component versions, every finding of the Kubernetes version skew policy and of
kubeadm's own rules, and whether the cluster's minor is still supported today.
Exits 3 when a finding blocks an upgrade.

Options:
  --releases FILE           a newer release catalog
  -o, --output FORMAT       table (default; on a narrow terminal it leaves out components to fit),
                            wide (every component, whatever the width) or json
${CLUSTER_HELP}`;

export const PLAN_HELP = `Usage: kubehop plan [--cluster NAME|FILE] [--to VERSION] [options]

Options:
${PLANNING_HELP}  -o, --output FORMAT       table (default: a summary — what blocks, hops, batches, drains per node),
                            wide (every component per node and every step), json, yaml,
                            markdown (a runbook to follow by hand, blocking findings and a checklist first)
  --steps                   list every step after the summary
  --report FILE             also write an HTML report of the planned timeline (each step at its expected time) and the findings
  --node NAME               list the steps on one node after the summary
  --hop N                   list the steps of hop N after the summary
  --timings-from JOURNAL    calibrate the expected duration by the step times an earlier apply recorded
                            in its journal (the median of each kind of step instead of the timing model)

Exits 3 when a preflight finding blocks the upgrade (as "kubehop preflight" does), 0 otherwise;
-o json and -o yaml write the plan as data and exit 0 (run "kubehop preflight" for the verdict).
${CLUSTER_HELP}`;

export const RELEASES_HELP = `Usage: kubehop releases [--date YYYY-MM-DD] [--releases FILE] [-o table|json]

Lists every minor release the catalog knows with its dates, latest patch and support status on
--date (default today). Says how old the catalog is when it is older than 60 days. To keep it
current, download schedule.yaml and eol.yaml from kubernetes/website data/releases/ into a folder
and pass --releases FOLDER here and to every other command (docs/releases.md).

Options:
  --date YYYY-MM-DD         the day to tell support status on (default today)
  --releases FILE           a newer release catalog
  -o, --output FORMAT       table (default) or json
`;

export const SIMULATE_HELP = `Usage: kubehop simulate [--cluster NAME|FILE] [--to VERSION] [options]

Runs the real upgrade engine against a simulated copy of the cluster (default: demo) on virtual
time, and reports what it did: makespan, how long the API was down, per workload the fewest pods
serving and the time below its PodDisruptionBudget, PDB violations, drains, evictions and 429s.

Options (and every option of "kubehop plan"):
  --strategy S           rolling (default), all-at-once, surge, blue-green (see "kubehop plan --help")
  --compare              run rolling, surge, blue-green and all-at-once side by side
  --seed N               seed for every random choice (default 1): same seed, same run
  --api-downtime SECONDS how long kube-apiserver is away while kubeadm restarts it (default 60)
  --drain-timeout D, --drain-timeout-policy fail|skip-node   as for "kubehop apply"
  --fault-node-never-ready NODE        the node never comes back Ready after its kubelet restarts
  --fault-command [NODE:]WORDS[*N]     commands starting with WORDS fail (N times, or always)
  --fault-pods-never-ready WORKLOAD    new pods of the workload ([namespace/]name) never become Ready
  -o, --output FORMAT    table (default) or json (with the timeline the report draws; --events adds the raw event stream)
  --report FILE          also write an HTML report: timeline of hops and node batches, API outages,
                         per workload pods available vs desired vs budget, findings (docs/report.md)

Planning options (as for "kubehop plan"):
${PLANNING_HELP}${CLUSTER_HELP}`;

export const APPLY_HELP = `Usage: kubehop apply [--cluster NAME|FILE] [--to VERSION | --plan FILE] [options]

Carries the plan out: drains through the Eviction API honouring PodDisruptionBudgets, runs node
commands, waits on health gates, writes a journal after every step, holds a lock so two runs
cannot upgrade one cluster, and never leaves a node cordoned by mistake. Built-in and file
clusters are simulated: the run changes the simulated copy, shown live.

Options:
  --plan FILE                  carry out a plan written by "kubehop plan -o json" (checked against the cluster first)
  --journal FILE               live clusters: keep the journal in FILE instead of the kube-system/kubehop-journal ConfigMap
  -y, --yes                    do not ask for confirmation
  --dry-run                    show every change the run would make, change nothing
  --resume                     continue an interrupted run of the same plan from what the cluster shows
  --start-over                 discard the journal of another or unfinished plan
  --take-over-stale-lock       take the lock of a run that died
  --drain-timeout DURATION     how long one node's drain may take (default 10m)
  --drain-timeout-policy P     fail (default: stop, uncordon, name what blocked) or skip-node
  --delete-pods-violating-pdbs-after-timeout
                               after the drain timeout, DELETE pods a PodDisruptionBudget still protects
  --ignore CODE                start despite a blocking preflight finding of this code (repeatable; kept in the journal)
  --manifests PATH             manifests for the preflight scan (repeatable)
  --soak DURATION              wait after each node (batch) before the next
  --spare-host NAME=ADDR[:PORT]
                               surge or blue-green on a live cluster: a machine with nothing of Kubernetes on it, reached over
                               SSH at ADDR and joined as node NAME (repeatable); each worker it frees becomes the next spare
  --spare-hosts FILE           the same, one NAME=ADDR[:PORT] a line (# comments)
  --provision-command CMD      surge: makes a machine when no spare is free; reads JSON (template node, version,
                               batch) on stdin, prints {"node": NAME, "address": ADDR}; words, or a JSON array
  --decommission-command CMD   surge: destroys each freed machine (JSON with its node and address on stdin)
                               instead of keeping it as a spare
  --hook-timeout DURATION      how long one provision or decommission command may run (default 10m)
  --speed N                    simulated clusters: N times real time (default 300; 0 = as fast as possible)
  --seed N                     simulated clusters: seed for every random choice
  -o, --output FORMAT          table (default) or json (one event per line)
  --report FILE                also write an HTML report of the run: node timeline, API outages seen, findings
                               (and, on a simulated cluster, each workload's pods available vs desired vs budget)

Planning options (as for "kubehop plan"):
${PLANNING_HELP}${CLUSTER_HELP}`;

export const PREFLIGHT_HELP = `Usage: kubehop preflight [--cluster NAME|FILE] [--to VERSION] [--manifests PATH]... [options]

Checks, for every hop of the plan, before anything changes: objects and manifests using API
versions a hop removes, flags, feature gates, admission plugins, kubeadm and kubelet
configuration, container runtimes, cgroups and static pods the new binaries refuse,
PodDisruptionBudgets and pods that would stop a drain, room for evicted pods per batch,
control-plane and node health, admission webhooks, certificates, swap and disk.
Exits 3 when a finding blocks the upgrade. See docs/preflight.md for every finding code.

Options:
  --manifests PATH      YAML/JSON files or folders to scan as well (repeatable)
  -o, --output FORMAT   table (default) or json

Planning options (as for "kubehop plan"):
${PLANNING_HELP}${CLUSTER_HELP}`;
