#!/usr/bin/env bash
# Rebuilds the container-runtime fixture tree (docs/container-names.md): the files each runtime writes, in the
# places it writes them, for the ids the tests use, and cgroup directories of the v1 (cgroupfs) and v2 (systemd)
# layouts. Hostile files (escapes, 50 MB, malformed) are made by the tests at run time, never committed.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf etc var run sys proc
D1=$(printf 'd1%.0s' {1..32}); P1=4d6e4fb6fb70efb254a0fa0db2ce95b1260fbfe04c33c9ca2b049591889d3457
P2=$(printf 'b2%.0s' {1..32}); C1=$(printf 'c1%.0s' {1..32}); S1=$(printf '5a%.0s' {1..32}); R1=$(printf 'e1%.0s' {1..32})
POD=0a1b2c3d-1111-2222-3333-444455556666; POD_=${POD//-/_}; CPOD=9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff; CPOD_=${CPOD//-/_}
w() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$2" > "$1"; }

w etc/passwd 'root:x:0:0:root:/root:/bin/bash
bob:x:1000:1000:Bob:/home/bob:/bin/bash'
w etc/containers/containers.conf '[containers]
# the default Podman applies without --pids-limit
pids_limit = 2048'
w etc/crio/crio.conf '[crio.runtime]
pids_limit = 1024'
w etc/crio/crio.conf.d/10-pids.conf '[crio.runtime]
pids_limit = 4096'
w etc/systemd/system/web.service.d/50-tasks.conf '[Service]
TasksMax=300'
w etc/systemd/system/web.service '[Service]
ExecStart=/usr/bin/web'

# Docker: config.v2.json (Name with its leading slash), hostconfig.json (PidsLimit of --pids-limit).
w var/lib/docker/containers/$D1/config.v2.json "{\"ID\":\"$D1\",\"Name\":\"/web-1\",\"Config\":{\"Hostname\":\"d1d1d1d1d1d1\",\"Labels\":{\"com.docker.compose.service\":\"web\"}},\"State\":{\"Running\":true,\"Pid\":4242}}"
w var/lib/docker/containers/$D1/hostconfig.json '{"NetworkMode":"bridge","PidsLimit":100,"Ulimits":null}'

# Podman (rootful): containers.json of the store; each container's OCI config in userdata/config.json.
w var/lib/containers/storage/overlay-containers/containers.json "[{\"id\":\"$P1\",\"names\":[\"ltc1\"],\"image\":\"804d1c7a868b\",\"layer\":\"92b24b5f9c04\",\"metadata\":\"{\\\"image-name\\\":\\\"localhost/lt-bb:1\\\"}\",\"created\":\"2026-12-07T18:45:59Z\",\"flags\":{\"MountLabel\":\"\"}},{\"id\":\"$P2\",\"names\":[\"api\",\"api-alias\"],\"image\":\"804d1c7a868b\",\"layer\":\"aa\",\"metadata\":\"{}\",\"created\":\"2026-12-07T18:45:59Z\"}]"
w var/lib/containers/storage/overlay-containers/$P1/userdata/config.json '{"ociVersion":"1.0.2-dev","linux":{"resources":{"pids":{"limit":32}},"cgroupsPath":"/libpod_parent/libpod-'$P1'"},"annotations":{"io.container.manager":"libpod"}}'
w var/lib/containers/storage/overlay-containers/$P2/userdata/config.json '{"ociVersion":"1.0.2-dev","linux":{"resources":{"pids":{"limit":2048}}},"annotations":{"io.container.manager":"libpod"}}'

# containerd (Kubernetes): the task bundle's config.json with the CRI annotations; a sandbox and a container.
w run/containerd/io.containerd.runtime.v2.task/k8s.io/$C1/config.json "{\"ociVersion\":\"1.1.0\",\"annotations\":{\"io.kubernetes.cri.container-type\":\"container\",\"io.kubernetes.cri.container-name\":\"web\",\"io.kubernetes.cri.sandbox-id\":\"$S1\",\"io.kubernetes.cri.sandbox-name\":\"web-7f9c\",\"io.kubernetes.cri.sandbox-namespace\":\"default\",\"io.kubernetes.cri.sandbox-uid\":\"$POD\"},\"linux\":{\"resources\":{}}}"
w run/containerd/io.containerd.runtime.v2.task/k8s.io/$S1/config.json "{\"ociVersion\":\"1.1.0\",\"annotations\":{\"io.kubernetes.cri.container-type\":\"sandbox\",\"io.kubernetes.cri.sandbox-id\":\"$S1\",\"io.kubernetes.cri.sandbox-name\":\"web-7f9c\",\"io.kubernetes.cri.sandbox-namespace\":\"default\"}}"

# CRI-O: userdata/config.json under its run root, io.kubernetes.* annotations; pids limit from crio's pids_limit.
w run/containers/storage/overlay-containers/$R1/userdata/config.json "{\"ociVersion\":\"1.0.2-dev\",\"linux\":{\"resources\":{\"pids\":{\"limit\":4096}}},\"annotations\":{\"io.kubernetes.container.name\":\"db\",\"io.kubernetes.pod.name\":\"db-0\",\"io.kubernetes.pod.namespace\":\"prod\",\"io.kubernetes.pod.uid\":\"$CPOD\"}}"

# kubelet: the KubeletConfiguration, pid capacity inputs, the tasks of the pods.
w var/lib/kubelet/config.yaml 'apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: systemd
podPidsLimit: 1024
systemReserved:
  cpu: 500m
  pid: "1000"
kubeReserved:
  memory: 1Gi
  pid: "500"
evictionHard:
  memory.available: "100Mi"
  pid.available: "10%"'
w proc/sys/kernel/pid_max 4194304
w proc/sys/kernel/threads-max 63455
w proc/loadavg '0.10 0.20 0.30 3/412 23456'

# cgroups: v1 pids hierarchy (cgroupfs drivers) and v2 (systemd drivers); pids.current makes each directory exist.
v1=sys/fs/cgroup/pids; v2=sys/fs/cgroup
w $v1/kubepods/pids.current 57
w $v1/kubepods/burstable/pod$POD/pids.max 1024
w $v1/kubepods/burstable/pod$POD/$C1/pids.current 7
w $v1/kubepods/burstable/pod$POD/$S1/pids.current 1
w $v2/kubepods.slice/pids.current 61
w $v2/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$POD_.slice/pids.max 1024
w $v2/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$POD_.slice/cri-containerd-$C1.scope/pids.current 7
w $v2/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod$CPOD_.slice/crio-$R1.scope/pids.current 3
