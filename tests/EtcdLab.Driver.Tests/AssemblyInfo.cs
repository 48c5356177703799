// Docker tests start real etcd clusters with 10 ms heartbeats on a 2-core machine; running them
// one at a time keeps elections from being starved into flakiness.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
