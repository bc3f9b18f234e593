// Built-in metric catalog: the type and help text of well-known metrics, kept
// as data. It is the third source of metric types (after metadata injected by
// the caller and a /api/v1/metadata file), used when a rule is linted without
// a live Prometheus. Names are metric *family* names as in `# TYPE` lines: a
// histogram `foo` covers the series `foo_bucket`, `foo_count`, `foo_sum`.
//
// Sources: client_golang's Go collector, process collector and promhttp,
// node_exporter's collectors, kube-state-metrics' documented metrics.

export type MetadataType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'unknown';

export interface CatalogEntry {
  readonly name: string;
  readonly type: MetadataType;
  readonly help: string;
}

/** One exporter's metrics as `[name, type, help]` rows. */
type Rows = readonly (readonly [string, MetadataType, string])[];

const GO_RUNTIME: Rows = [
  ['go_goroutines', 'gauge', 'Number of goroutines that currently exist.'],
  ['go_threads', 'gauge', 'Number of OS threads created.'],
  ['go_info', 'gauge', 'Information about the Go environment.'],
  ['go_gc_duration_seconds', 'summary', 'A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.'],
  ['go_gc_gogc_percent', 'gauge', 'Heap size target percentage configured by the user.'],
  ['go_gc_gomemlimit_bytes', 'gauge', 'Go runtime memory limit configured by the user.'],
  ['go_memstats_alloc_bytes', 'gauge', 'Number of bytes allocated in heap and currently in use.'],
  ['go_memstats_alloc_bytes_total', 'counter', 'Total number of bytes allocated in heap until now.'],
  ['go_memstats_buck_hash_sys_bytes', 'gauge', 'Number of bytes used by the profiling bucket hash table.'],
  ['go_memstats_frees_total', 'counter', 'Total number of heap objects frees.'],
  ['go_memstats_gc_sys_bytes', 'gauge', 'Number of bytes used for garbage collection system metadata.'],
  ['go_memstats_heap_alloc_bytes', 'gauge', 'Number of heap bytes allocated and currently in use.'],
  ['go_memstats_heap_idle_bytes', 'gauge', 'Number of heap bytes waiting to be used.'],
  ['go_memstats_heap_inuse_bytes', 'gauge', 'Number of heap bytes that are in use.'],
  ['go_memstats_heap_objects', 'gauge', 'Number of currently allocated objects.'],
  ['go_memstats_heap_released_bytes', 'gauge', 'Number of heap bytes released to OS.'],
  ['go_memstats_heap_sys_bytes', 'gauge', 'Number of heap bytes obtained from system.'],
  ['go_memstats_last_gc_time_seconds', 'gauge', 'Number of seconds since 1970 of last garbage collection.'],
  ['go_memstats_lookups_total', 'counter', 'Total number of pointer lookups.'],
  ['go_memstats_mallocs_total', 'counter', 'Total number of heap objects allocated.'],
  ['go_memstats_mcache_inuse_bytes', 'gauge', 'Number of bytes in use by mcache structures.'],
  ['go_memstats_mcache_sys_bytes', 'gauge', 'Number of bytes used for mcache structures obtained from system.'],
  ['go_memstats_mspan_inuse_bytes', 'gauge', 'Number of bytes in use by mspan structures.'],
  ['go_memstats_mspan_sys_bytes', 'gauge', 'Number of bytes used for mspan structures obtained from system.'],
  ['go_memstats_next_gc_bytes', 'gauge', 'Number of heap bytes when next garbage collection will take place.'],
  ['go_memstats_other_sys_bytes', 'gauge', 'Number of bytes used for other system allocations.'],
  ['go_memstats_stack_inuse_bytes', 'gauge', 'Number of bytes obtained from system for stack allocator in non-CGO environments.'],
  ['go_memstats_stack_sys_bytes', 'gauge', 'Number of bytes obtained from system for stack allocator.'],
  ['go_memstats_sys_bytes', 'gauge', 'Number of bytes obtained from system.'],
  ['go_sched_gomaxprocs_threads', 'gauge', 'The current runtime.GOMAXPROCS setting.'],
  ['go_sched_goroutines_goroutines', 'gauge', 'Count of live goroutines.'],
  ['go_sched_latencies_seconds', 'histogram', 'Distribution of the time goroutines have spent in the scheduler in a runnable state before actually running.'],
  ['go_gc_cycles_total_gc_cycles_total', 'counter', 'Count of all completed GC cycles.'],
  ['go_gc_heap_allocs_bytes_total', 'counter', 'Cumulative sum of memory allocated to the heap by the application.'],
  ['go_gc_heap_goal_bytes', 'gauge', 'Heap size target for the end of the GC cycle.'],
  [
    'go_memory_classes_heap_objects_bytes',
    'gauge',
    'Memory occupied by live objects and dead objects that have not yet been marked free by the garbage collector.',
  ],
  ['go_memory_classes_total_bytes', 'gauge', 'All memory mapped by the Go runtime into the current process as read-write.'],
];

const PROCESS: Rows = [
  ['process_cpu_seconds_total', 'counter', 'Total user and system CPU time spent in seconds.'],
  ['process_open_fds', 'gauge', 'Number of open file descriptors.'],
  ['process_max_fds', 'gauge', 'Maximum number of open file descriptors.'],
  ['process_virtual_memory_bytes', 'gauge', 'Virtual memory size in bytes.'],
  ['process_virtual_memory_max_bytes', 'gauge', 'Maximum amount of virtual memory available in bytes.'],
  ['process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.'],
  ['process_start_time_seconds', 'gauge', 'Start time of the process since unix epoch in seconds.'],
  ['process_network_receive_bytes_total', 'counter', 'Number of bytes received by the process over the network.'],
  ['process_network_transmit_bytes_total', 'counter', 'Number of bytes sent by the process over the network.'],
];

const PROMHTTP: Rows = [
  ['promhttp_metric_handler_requests_total', 'counter', 'Total number of scrapes by HTTP status code.'],
  ['promhttp_metric_handler_requests_in_flight', 'gauge', 'Current number of scrapes being served.'],
  ['promhttp_metric_handler_errors_total', 'counter', 'Total number of internal errors encountered by the promhttp metric handler.'],
];

const PROMETHEUS_SERVER: Rows = [
  ['up', 'gauge', 'Whether the last scrape of the target succeeded (1) or failed (0).'],
  ['scrape_duration_seconds', 'gauge', 'Duration of the last scrape.'],
  ['scrape_samples_scraped', 'gauge', 'Number of samples the target exposed.'],
  ['scrape_samples_post_metric_relabeling', 'gauge', 'Number of samples remaining after metric relabeling.'],
  ['scrape_series_added', 'gauge', 'Approximate number of new series in this scrape.'],
];

const NODE_EXPORTER: Rows = [
  ['node_cpu_seconds_total', 'counter', 'Seconds the CPUs spent in each mode.'],
  ['node_load1', 'gauge', '1m load average.'],
  ['node_load5', 'gauge', '5m load average.'],
  ['node_load15', 'gauge', '15m load average.'],
  ['node_memory_MemTotal_bytes', 'gauge', 'Memory information field MemTotal_bytes.'],
  ['node_memory_MemFree_bytes', 'gauge', 'Memory information field MemFree_bytes.'],
  ['node_memory_MemAvailable_bytes', 'gauge', 'Memory information field MemAvailable_bytes.'],
  ['node_memory_Buffers_bytes', 'gauge', 'Memory information field Buffers_bytes.'],
  ['node_memory_Cached_bytes', 'gauge', 'Memory information field Cached_bytes.'],
  ['node_memory_SwapTotal_bytes', 'gauge', 'Memory information field SwapTotal_bytes.'],
  ['node_memory_SwapFree_bytes', 'gauge', 'Memory information field SwapFree_bytes.'],
  ['node_filesystem_size_bytes', 'gauge', 'Filesystem size in bytes.'],
  ['node_filesystem_free_bytes', 'gauge', 'Filesystem free space in bytes.'],
  ['node_filesystem_avail_bytes', 'gauge', 'Filesystem space available to non-root users in bytes.'],
  ['node_filesystem_files', 'gauge', 'Filesystem total file nodes.'],
  ['node_filesystem_files_free', 'gauge', 'Filesystem total free file nodes.'],
  ['node_filesystem_readonly', 'gauge', 'Filesystem read-only status.'],
  ['node_filesystem_device_error', 'gauge', 'Whether an error occurred while getting statistics for the given device.'],
  ['node_disk_read_bytes_total', 'counter', 'The total number of bytes read successfully.'],
  ['node_disk_written_bytes_total', 'counter', 'The total number of bytes written successfully.'],
  ['node_disk_reads_completed_total', 'counter', 'The total number of reads completed successfully.'],
  ['node_disk_writes_completed_total', 'counter', 'The total number of writes completed successfully.'],
  ['node_disk_io_time_seconds_total', 'counter', 'Total seconds spent doing I/Os.'],
  ['node_disk_io_time_weighted_seconds_total', 'counter', 'The weighted number of seconds spent doing I/Os.'],
  ['node_disk_read_time_seconds_total', 'counter', 'The total number of seconds spent by all reads.'],
  ['node_disk_write_time_seconds_total', 'counter', 'This is the total number of seconds spent by all writes.'],
  ['node_network_receive_bytes_total', 'counter', 'Network device statistic receive_bytes.'],
  ['node_network_transmit_bytes_total', 'counter', 'Network device statistic transmit_bytes.'],
  ['node_network_receive_errs_total', 'counter', 'Network device statistic receive_errs.'],
  ['node_network_transmit_errs_total', 'counter', 'Network device statistic transmit_errs.'],
  ['node_network_receive_drop_total', 'counter', 'Network device statistic receive_drop.'],
  ['node_network_transmit_drop_total', 'counter', 'Network device statistic transmit_drop.'],
  ['node_network_up', 'gauge', 'Value is 1 if operstate is up, 0 otherwise.'],
  ['node_boot_time_seconds', 'gauge', 'Node boot time, in unixtime.'],
  ['node_time_seconds', 'gauge', 'System time in seconds since epoch (1970).'],
  ['node_context_switches_total', 'counter', 'Total number of context switches.'],
  ['node_intr_total', 'counter', 'Total number of interrupts serviced.'],
  ['node_forks_total', 'counter', 'Total number of forks.'],
  ['node_procs_running', 'gauge', 'Number of processes in runnable state.'],
  ['node_procs_blocked', 'gauge', 'Number of processes blocked waiting for I/O to complete.'],
  ['node_filefd_allocated', 'gauge', 'File descriptor statistics: allocated.'],
  ['node_filefd_maximum', 'gauge', 'File descriptor statistics: maximum.'],
  ['node_nf_conntrack_entries', 'gauge', 'Number of currently allocated flow entries for connection tracking.'],
  ['node_nf_conntrack_entries_limit', 'gauge', 'Maximum size of connection tracking table.'],
  ['node_vmstat_pgmajfault', 'unknown', '/proc/vmstat information field pgmajfault.'],
  ['node_timex_offset_seconds', 'gauge', 'Time offset in between local system and reference clock.'],
  ['node_timex_sync_status', 'gauge', 'Is clock synchronized to a reliable server (1 = yes, 0 = no).'],
  ['node_textfile_scrape_error', 'gauge', '1 if there was an error opening or reading a file, 0 otherwise.'],
  ['node_hwmon_temp_celsius', 'gauge', 'Hardware monitor for temperature (input).'],
  ['node_systemd_unit_state', 'gauge', 'Systemd unit.'],
  ['node_md_disks', 'gauge', 'Number of active/failed/spare disks of device.'],
  ['node_edac_correctable_errors_total', 'counter', 'Total correctable memory errors.'],
  ['node_edac_uncorrectable_errors_total', 'counter', 'Total uncorrectable memory errors.'],
  ['node_uname_info', 'gauge', 'Labeled system information as provided by the uname system call.'],
  ['node_exporter_build_info', 'gauge', 'A metric with a constant 1 value labeled by version, revision, branch, goversion.'],
  ['node_pressure_cpu_waiting_seconds_total', 'counter', 'Total time in seconds that processes have waited for CPU time.'],
  ['node_pressure_memory_waiting_seconds_total', 'counter', 'Total time in seconds that processes have waited for memory.'],
  ['node_pressure_io_waiting_seconds_total', 'counter', 'Total time in seconds that processes have waited due to IO congestion.'],
];

const KUBE_STATE_METRICS: Rows = [
  ['kube_pod_status_phase', 'gauge', 'The pods current phase.'],
  ['kube_pod_status_ready', 'gauge', 'Describes whether the pod is ready to serve requests.'],
  ['kube_pod_container_status_restarts_total', 'counter', 'The number of container restarts per container.'],
  ['kube_pod_container_status_waiting_reason', 'gauge', 'Describes the reason the container is currently in waiting state.'],
  ['kube_pod_container_status_terminated_reason', 'gauge', 'Describes the reason the container is currently in terminated state.'],
  ['kube_pod_container_resource_requests', 'gauge', 'The number of requested request resource by a container.'],
  ['kube_pod_container_resource_limits', 'gauge', 'The number of requested limit resource by a container.'],
  ['kube_pod_info', 'gauge', 'Information about pod.'],
  ['kube_pod_owner', 'gauge', "Information about the Pod's owner."],
  ['kube_deployment_status_replicas_available', 'gauge', 'The number of available replicas per deployment.'],
  ['kube_deployment_spec_replicas', 'gauge', 'Number of desired pods for a deployment.'],
  ['kube_deployment_status_observed_generation', 'gauge', 'The generation observed by the deployment controller.'],
  ['kube_deployment_metadata_generation', 'gauge', 'Sequence number representing a specific generation of the desired state.'],
  ['kube_statefulset_status_replicas_ready', 'gauge', 'The number of ready replicas per StatefulSet.'],
  ['kube_statefulset_replicas', 'gauge', 'Number of desired pods for a StatefulSet.'],
  ['kube_daemonset_status_number_ready', 'gauge', 'The number of nodes that should be running the daemon pod and have one or more running and ready.'],
  ['kube_daemonset_status_desired_number_scheduled', 'gauge', 'The number of nodes that should be running the daemon pod.'],
  ['kube_daemonset_status_number_misscheduled', 'gauge', 'The number of nodes running a daemon pod but are not supposed to.'],
  ['kube_node_status_condition', 'gauge', 'The condition of a cluster node.'],
  ['kube_node_status_allocatable', 'gauge', 'The allocatable for different resources of a node that are available for scheduling.'],
  ['kube_node_status_capacity', 'gauge', 'The capacity for different resources of a node.'],
  ['kube_node_spec_unschedulable', 'gauge', 'Whether a node can schedule new pods.'],
  ['kube_job_status_failed', 'gauge', 'The number of pods which reached Phase Failed.'],
  ['kube_job_failed', 'gauge', 'The job has failed its execution.'],
  ['kube_cronjob_next_schedule_time', 'gauge', 'Next time the cronjob should be scheduled.'],
  ['kube_persistentvolume_status_phase', 'gauge', 'The phase indicates if a volume is available, bound to a claim, or released by a claim.'],
  ['kube_persistentvolumeclaim_status_phase', 'gauge', 'The phase the persistent volume claim is currently in.'],
  ['kube_horizontalpodautoscaler_status_current_replicas', 'gauge', 'Current number of replicas of pods managed by this autoscaler.'],
  ['kube_horizontalpodautoscaler_spec_max_replicas', 'gauge', 'Upper limit for the number of pods that can be set by the autoscaler.'],
  ['kube_resourcequota', 'gauge', 'Information about resource quota.'],
];

function rows(r: Rows): CatalogEntry[] {
  return r.map(([name, type, help]) => ({ name, type, help }));
}

export const METRIC_CATALOG: readonly CatalogEntry[] = [
  ...rows(GO_RUNTIME),
  ...rows(PROCESS),
  ...rows(PROMHTTP),
  ...rows(PROMETHEUS_SERVER),
  ...rows(NODE_EXPORTER),
  ...rows(KUBE_STATE_METRICS),
];
