/**
 * How the leader of a LeaderWorkerSet group starts one MPI world across its pods. This follows
 * NVIDIA's multi-node Triton + TensorRT-LLM example as published in kubernetes-sigs/lws
 * (docs/examples/tensorrt-llm: leader and worker pods of one group; the leader waits for the
 * workers and runs mpirun with `-mca plm_rsh_agent` set to a `kubectl exec` wrapper and
 * `--host pod:slots,…`; the workers only wait; a ServiceAccount may exec into the group's pods).
 * The scripts below are trtforge's own, written for that approach: LeaderWorkerSet names worker
 * pods `<leader pod>-<index>` and sets LWS_GROUP_SIZE in every pod.
 */
export const LAUNCHER_DIR = '/trtforge/launch';
export const KUBECTL_DIR = '/trtforge/kubectl';

/** Runs the plan's mpirun argv (its arguments) once every worker pod of the group answers. */
export const LAUNCH_SH = `#!/bin/sh
# trtforge: starts the MPI world of one LeaderWorkerSet group from its leader pod.
# Usage: launch.sh mpirun <mpirun options and app contexts>
set -eu
leader="$(hostname)"
hosts="$leader:$TRTFORGE_GPUS_PER_POD"
i=1
while [ "$i" -lt "$LWS_GROUP_SIZE" ]; do
  worker="$leader-$i"
  until ${KUBECTL_DIR}/kubectl exec "$worker" -c server -- true >/dev/null 2>&1; do
    echo "trtforge: waiting for worker pod $worker" >&2
    sleep 5
  done
  hosts="$hosts,$worker:$TRTFORGE_GPUS_PER_POD"
  i=$((i + 1))
done
mpirun="$1"
shift
exec "$mpirun" --host "$hosts" -mca plm_rsh_agent ${LAUNCHER_DIR}/kubessh "$@"
`;

/** mpirun's remote shell: runs the daemon command line in the named pod, through a shell as ssh would. */
export const KUBESSH = `#!/bin/sh
# trtforge: mpirun's rsh agent inside a LeaderWorkerSet group (kubectl exec instead of ssh).
pod="$1"
shift
exec ${KUBECTL_DIR}/kubectl exec "$pod" -c server -- /bin/sh -c "$*"
`;
