using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace EtcdLab.Driver.Logs;

/// <summary>
/// Follows one container's output (stdout and stderr, from its start) and hands every complete
/// line to a callback. <see cref="Completion"/> ends when the container's process has ended and
/// every line it printed was handed on, so that whoever reacts to the exit sees the last line first.
/// </summary>
internal sealed class ContainerLogFollower : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private ContainerLogFollower(DockerClient client, string containerId, Action<EtcdLogLine> onLine)
    {
        Completion = Task.Run(() => FollowAsync(client, containerId, onLine, _stop.Token));
    }

    /// <summary>Ends once the stream ends (the container stopped) or the follower is disposed.</summary>
    public Task Completion { get; }

    public static ContainerLogFollower Start(DockerClient client, string containerId, Action<EtcdLogLine> onLine) =>
        new(client, containerId, onLine);

    private static async Task FollowAsync(DockerClient client, string containerId, Action<EtcdLogLine> onLine, CancellationToken ct)
    {
        try
        {
            using var stream = await client.Containers.GetContainerLogsAsync(
                containerId, tty: false,
                new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true },
                ct);
            var buffer = new byte[16 * 1024];
            var pending = new Dictionary<MultiplexedStream.TargetStream, StringBuilder>();
            var decoder = new Dictionary<MultiplexedStream.TargetStream, Decoder>();
            var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct);
                if (read.EOF) break;
                if (!pending.TryGetValue(read.Target, out var sb))
                {
                    pending[read.Target] = sb = new StringBuilder();
                    decoder[read.Target] = Encoding.UTF8.GetDecoder();
                }
                var n = decoder[read.Target].GetChars(buffer, 0, read.Count, chars, 0);
                for (var i = 0; i < n; i++)
                {
                    if (chars[i] == '\n')
                    {
                        onLine(EtcdLogLine.Parse(sb.ToString()));
                        sb.Clear();
                    }
                    else
                    {
                        sb.Append(chars[i]);
                    }
                }
            }
            foreach (var rest in pending.Values.Where(sb => sb.Length > 0)) onLine(EtcdLogLine.Parse(rest.ToString()));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is DockerContainerNotFoundException or DockerApiException or IOException)
        {
            // The container was removed under us; there is nothing more to read.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await Completion; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
