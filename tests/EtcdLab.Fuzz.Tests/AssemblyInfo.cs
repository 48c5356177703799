// The fuzzer's own tests run simulator runs on every core; two such classes side by side on a
// 2-core machine only slow each other down.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
