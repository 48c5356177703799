namespace EtcdLab.Fuzz.Engine;

/// <summary>
/// Runs numbered work items on a fixed number of threads of their own. A simulated run is CPU-bound
/// and runs to completion on its caller's thread, so each job gets a dedicated thread rather than
/// the thread pool's. Items are taken in increasing order, so when the work stops early every item
/// below the last one taken has been taken too.
/// </summary>
internal static class Workers
{
    /// <summary>Calls <paramref name="body"/> for items 0, 1, 2, ... below <paramref name="count"/> on
    /// <paramref name="jobs"/> threads; an item is taken only while <paramref name="canTake"/> says so.</summary>
    public static async Task RunAsync(long count, int jobs, Func<long, bool> canTake, Action<long> body, CancellationToken ct)
    {
        long next = -1;
        var threads = Enumerable.Range(0, Math.Max(1, jobs)).Select(_ => Task.Factory.StartNew(() =>
        {
            while (!ct.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count || !canTake(i)) return;
                body(i);
            }
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        await Task.WhenAll(threads);
        ct.ThrowIfCancellationRequested();
    }
}
