using EtcdLab.Core.Hygiene;
using System.Diagnostics;
using System.Globalization;
using EtcdLab.Core.Exceptions;
using EtcdLab.Driver.Builders;
using EtcdLab.Driver.Containers;
using EtcdLab.Driver.Docker;
using EtcdLab.Driver.Images;
using EtcdLab.Driver.Network;
using EtcdLab.Driver.Reaper;
using EtcdLab.Driver.Storage;

namespace EtcdLab.Driver.Benchmarks;

/// <summary>
/// Measures what the driver costs over plain Docker: wall time from "start a three-member cluster"
/// to "all three healthy", through the driver and through three plain <c>docker run</c>s (started
/// at once) polled with the host's <c>etcdctl endpoint health</c>. Same image, addresses, uids,
/// mounts and flags; rounds alternate so that both kinds see the same machine load.
/// </summary>
public static class StartupBenchmark
{
    /// <summary>Runs the benchmark (about a second per round on a quiet machine).</summary>
    /// <exception cref="EnvironmentException">No Docker engine, no image, or no etcdctl on this machine.</exception>
    public static async Task<StartupBenchmarkResult> RunAsync(StartupBenchmarkOptions? options = null, CancellationToken ct = default)
    {
        options ??= new StartupBenchmarkOptions();
        if (!File.Exists(EtcdImage.HostEtcdctl))
            throw new EnvironmentException($"The benchmark polls plain containers with {EtcdImage.HostEtcdctl}; install it with `apt-get install etcd-client`.");
        using var engine = await DockerEngine.ConnectAsync(ct: ct);
        await ResourceReaper.ReapAsync(engine, options.DataRoot, ct);
        var image = options.Image ?? await EtcdImage.DefaultNameAsync(ct);
        await EtcdImage.EnsureAsync(engine, image, ct);
        using var slot = LoopbackSlot.Acquire(options.DataRoot);

        var driver = new List<TimeSpan>();
        var plain = new List<TimeSpan>();
        for (var round = 0; round <= options.Rounds; round++)
        {
            // Round 0 warms up both paths (JIT, page cache, Docker's image metadata) and is not counted.
            var d = await DriverRoundAsync(engine, slot, image, options, round, ct);
            var p = await PlainRoundAsync(engine, slot, image, options, round, ct);
            if (round == 0) continue;
            driver.Add(d);
            plain.Add(p);
        }
        return new StartupBenchmarkResult(driver, plain);
    }

    private static async Task<TimeSpan> DriverRoundAsync(DockerEngine engine, LoopbackSlot slot, string image, StartupBenchmarkOptions options, int round, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = Builder(engine, slot, image, options, RunId("driver", round)).WithStartupTimeout(options.RoundTimeout).Build();
        await cluster.StartAsync(ct);
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> PlainRoundAsync(DockerEngine engine, LoopbackSlot slot, string image, StartupBenchmarkOptions options, int round, CancellationToken ct)
    {
        // The same containers as the driver's, described by a cluster that is never started: it
        // only lends names, addresses, uids, flags and prepared disks.
        await using var layout = Builder(engine, slot, image, options, RunId("plain", round)).Build();
        await layout.InitializeAsync(ct);
        var endpoints = string.Join(',', layout.Containers.Select(c => c.ClientUrl));

        var clock = Stopwatch.StartNew();
        var runs = await Task.WhenAll(layout.Containers.Select(c => ProcessRunner.RunAsync("docker", DockerRunArgs(layout, c), options.RoundTimeout, ct)));
        if (runs.FirstOrDefault(r => !r.Ok) is { } failed)
            throw new EnvironmentException("A plain `docker run` of the benchmark failed; is the docker CLI installed (apt-get install docker.io)?", failed.Output);
        while (true)
        {
            var health = await ProcessRunner.RunAsync(EtcdImage.HostEtcdctl,
                [$"--endpoints={endpoints}", "--dial-timeout=1s", "--command-timeout=1s", "endpoint", "health"],
                TimeSpan.FromSeconds(5), ct, stdin: null);
            if (health.Ok) break;
            if (clock.Elapsed > options.RoundTimeout)
                throw new EnvironmentException($"Plain docker containers were not healthy within {options.RoundTimeout.TotalSeconds} s.", health.Output);
        }
        return clock.Elapsed;
    }

    private static List<string> DockerRunArgs(EtcdCluster layout, EtcdContainer c)
    {
        var args = new List<string>
        {
            "run", "-d",
            "--name", $"etcdlab-{layout.RunId}-{c.Host}",
            "--network", "host",
            "--user", $"{c.Uid}:{c.Uid}",
            "-w", HostDirectories.ContainerRoot,
            "-v", $"{layout.Directories.VarLib(c.Host)}:{HostDirectories.ContainerRoot}",
            "--label", $"{ContainerLabels.Run}={layout.RunId}",
            "--label", $"{ContainerLabels.Role}=bench",
            "--label", $"{ContainerLabels.OwnerPid}={RunOwner.Current.Pid.ToString(CultureInfo.InvariantCulture)}",
            "--label", $"{ContainerLabels.OwnerStart}={RunOwner.Current.StartTicks.ToString(CultureInfo.InvariantCulture)}",
            layout.Image,
        };
        args.AddRange(layout.BootstrapFlags(c.Host).ToArgs());
        return args;
    }

    /// <summary>The three members both kinds of round run: same image, slot, disks root and timing.</summary>
    private static EtcdClusterBuilder Builder(DockerEngine engine, LoopbackSlot slot, string image, StartupBenchmarkOptions options, string runId) =>
        new EtcdClusterBuilder()
            .WithRunId(runId)
            .WithMembers(3)
            .WithImage(image)
            .WithDockerEngine(engine)
            .WithLoopbackSlot(slot)
            .WithDataRoot(options.DataRoot)
            .WithHeartbeat(options.Timing.Heartbeat)
            .WithElectionTimeout(options.Timing.ElectionTimeout)
            .WithReaper(false);

    private static string RunId(string kind, int round) =>
        string.Create(CultureInfo.InvariantCulture, $"bench-{Environment.ProcessId}-{kind}-{round}");
}
