// Docker scenarios run real etcd with 100 ms election timeouts on a 2-core machine: the simulator's
// CPU-bound tests must not run beside them, or starved members miss elections. Test classes here
// run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
