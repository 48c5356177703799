using System.Diagnostics;
using System.Text;

namespace EtcdLab.Driver.Docker;

/// <summary>What a finished command printed.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;

    /// <summary>Both streams, for an error's Details block.</summary>
    public string Output => (Stdout + Stderr).Trim();
}

/// <summary>Runs host commands (iptables, cp, docker, etcdctl) with captured output and a deadline.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, CancellationToken ct, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new ProcessResult(127, "", $"{file}: {e.Message}");
        }

        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), ct);
            process.StandardInput.Close();
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            ct.ThrowIfCancellationRequested();
            return new ProcessResult(124, "", $"{file} {string.Join(' ', args)}: no answer within {timeout.TotalSeconds:0.#} s");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Quotes arguments for a message a person may paste into a shell.</summary>
    public static string CommandLine(string file, IEnumerable<string> args)
    {
        var sb = new StringBuilder(file);
        foreach (var a in args) sb.Append(' ').Append(a.Any(char.IsWhiteSpace) ? $"'{a}'" : a);
        return sb.ToString();
    }
}
