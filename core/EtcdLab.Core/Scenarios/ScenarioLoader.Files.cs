using System.Buffers;
using System.Text;
using System.Text.Unicode;
using EtcdLab.Core.Exceptions;

namespace EtcdLab.Core.Scenarios;

public static partial class ScenarioLoader
{
    /// <summary>Reads a scenario file, with its addresses as written (a target places the hosts when a
    /// run begins, see <see cref="Targets.AddressMap"/>). The scenario's name must be the file's name
    /// without its extension.</summary>
    /// <exception cref="InputException">The path is no readable UTF-8 file of at most <see cref="MaxFileBytes"/>.</exception>
    /// <exception cref="ScenarioException">A mistake in the file, at its line and column.</exception>
    public static Scenario LoadFile(string path) =>
        Parse(ReadText(path), path, expectedName: Path.GetFileNameWithoutExtension(path));

    /// <summary>The file's text, or an <see cref="InputException"/> that names the path and what to do.</summary>
    internal static string ReadText(string path)
    {
        try
        {
            if (Directory.Exists(path))
                throw new InputException($"{path} is a folder, not a scenario file; name a .yaml file in it (`etcdlab list --dir {path}` lists them).");
            var info = new FileInfo(path);
            if (!info.Exists)
                throw new InputException($"{path}: no such scenario file. `etcdlab list` shows the scenarios in scenarios/.");
            if (info.LinkTarget is not null)
            {
                FileSystemInfo? target;
                try
                {
                    target = info.ResolveLinkTarget(returnFinalTarget: true);
                }
                catch (IOException e)
                {
                    throw new InputException($"{path} is a symbolic link that leads to no file ({e.Message}): a loop of links? Point it at a scenario file, or name the file itself.");
                }
                if (target is not FileInfo { Exists: true } file)
                    throw new InputException($"{path} is a symbolic link to {info.LinkTarget}, which is no file; point it at a scenario file, or name the file itself.");
                info = file;
            }
            // A FIFO, a device or /proc file reports length 0 and might never end or never open; an
            // empty regular file holds no scenario either.
            if (info.Length == 0)
                throw new InputException($"{path} is empty, or not a regular file; a scenario is a YAML file with scenario:, cluster: and steps: (docs/scenario-language.md).");
            if (info.Length > MaxFileBytes) throw TooBig(path, info.Length);

            var buffer = new byte[MaxFileBytes + 1];
            int read = 0, n;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0) read += n;
            if (read > MaxFileBytes) throw TooBig(path, read);
            return Decode(path, buffer.AsSpan(0, read));
        }
        catch (IOException e)
        {
            throw new InputException($"{path} cannot be read: {e.Message}. Check the path (a loop of symbolic links or a vanished disk shows here).");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException($"{path} cannot be read: {e.Message} Make it readable (chmod a+r) or copy it somewhere readable.");
        }
    }

    private static InputException TooBig(string path, long bytes) =>
        new($"{path} is {bytes:N0} bytes or more; a scenario file is at most {MaxFileBytes / 1024} KiB (the shipped ones are a few KB). Is it the file you meant?");

    /// <summary>Strict UTF-8 (a BOM is allowed): a file in another encoding is refused at its first bad byte, not read as garbage.</summary>
    private static string Decode(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        if (status == OperationStatus.Done) return new string(chars, 0, charsWritten);
        var line = bytes[..bytesRead].Count((byte)'\n') + 1;
        var what = bytesRead < bytes.Length ? $"byte 0x{bytes[bytesRead]:X2}" : "the end of the file, in the middle of a character,";
        throw new InputException($"{path}:{line}: not UTF-8 text ({what} at offset {bytesRead}); save the file as UTF-8.");
    }
}
