// The Docker half starts real etcd with 100 ms election timeouts on a 2-core machine: test classes
// run one after another so that the simulator's CPU-bound tests never starve its members.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
