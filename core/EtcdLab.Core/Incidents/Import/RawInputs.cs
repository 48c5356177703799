using System.Buffers;
using System.Text.Unicode;
using EtcdLab.Core.Exceptions;

namespace EtcdLab.Core.Incidents.Import;

/// <summary>Finds and reads the raw files an import names: files, a <c>raw/</c> folder, or an incident folder
/// (its <c>raw/</c>). Refuses, naming the path (and line), what is no raw text: a missing path, a binary or
/// non-UTF-8 file, a file over 1 MiB, nothing to read at all.</summary>
public static class RawInputs
{
    /// <summary>The largest raw file read (the corpus's are a few KB).</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>The raw files under <paramref name="paths"/>, in the order given, a folder's files in name order.</summary>
    /// <exception cref="InputException">A path is missing or holds no readable text.</exception>
    public static IReadOnlyList<RawInput> Read(IReadOnlyList<string> paths)
    {
        var inputs = new List<RawInput>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var folder = Directory.Exists(Path.Combine(path, "raw")) ? Path.Combine(path, "raw") : path;
                var found = Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                    throw new InputException($"{folder}: no files to import; name raw log or output files, a raw/ folder, or an incident folder with a raw/ folder.");
                inputs.AddRange(found.Select(ReadFile));
            }
            else if (File.Exists(path)) inputs.Add(ReadFile(path));
            else throw new InputException($"{path}: no such file or folder; name raw log or output files, a raw/ folder, or an incident folder.");
        }
        if (inputs.Count == 0) throw new InputException("no raw files named; name raw log or output files, a raw/ folder, or an incident folder.");
        if (inputs.All(i => string.IsNullOrWhiteSpace(i.Text)))
            throw new InputException($"{string.Join(", ", paths)}: every file is empty; there is nothing to draft an incident from.");
        return inputs;
    }

    /// <summary>The incident's name as the paths show it: the incident folder, the folder above <c>raw/</c>, else the first path's name.</summary>
    public static string GuessName(IReadOnlyList<string> paths)
    {
        var first = Path.GetFullPath(paths[0]).TrimEnd(Path.DirectorySeparatorChar);
        var dir = Directory.Exists(first) ? first : Path.GetDirectoryName(first) ?? first;
        if (Path.GetFileName(dir) == "raw") return Path.GetFileName(Path.GetDirectoryName(dir) ?? dir);
        return Directory.Exists(first) ? Path.GetFileName(first) : Path.GetFileNameWithoutExtension(first);
    }

    /// <summary>The name a file goes by in the draft: <c>raw/&lt;file&gt;</c> inside a raw/ folder, else its file name.</summary>
    public static string DisplayName(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.GetFileName(Path.GetDirectoryName(full)) == "raw" ? $"raw/{Path.GetFileName(full)}" : Path.GetFileName(full);
    }

    private static RawInput ReadFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes)
                throw new InputException($"{path} is {info.Length:N0} bytes; a raw file is at most {MaxFileBytes / 1024} KiB. Cut it to the excerpt that shows the incident.");
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length > MaxFileBytes)
                throw new InputException($"{path} is more than {MaxFileBytes / 1024} KiB; cut it to the excerpt that shows the incident.");
            return new RawInput(DisplayName(path), Decode(path, bytes));
        }
        catch (IOException e)
        {
            throw new InputException($"{path} cannot be read: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException($"{path} cannot be read: {e.Message} Make it readable or copy it somewhere readable.");
        }
    }

    /// <summary>Strict UTF-8 without NUL bytes: a binary file (an archive, a data dir's db) is refused at its first bad byte.</summary>
    private static string Decode(string path, byte[] data)
    {
        ReadOnlySpan<byte> bytes = data;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        var nul = bytes.IndexOf((byte)0);
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
        var bad = nul >= 0 && (status == OperationStatus.Done || nul < read) ? nul : status == OperationStatus.Done ? -1 : read;
        if (bad < 0) return new string(chars, 0, written);
        var line = bytes[..bad].Count((byte)'\n') + 1;
        throw new InputException($"{path}:{line}: a binary file, not log text (byte 0x{(bad < bytes.Length ? bytes[bad] : 0):X2} at offset {bad}); import log excerpts and command outputs saved as UTF-8 text.");
    }
}
