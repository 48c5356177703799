using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EtcdLab.Core.Identity;

/// <summary>
/// Member and cluster IDs derived exactly as etcd 3.4 derives them
/// (<c>membership.NewMember</c> and <c>RaftCluster.genID</c>), so a simulated bootstrap or restore
/// yields the IDs a real one does.
/// </summary>
public static class EtcdIds
{
    /// <summary>
    /// Member ID: the first 8 bytes (big-endian) of SHA-1 over the sorted peer URLs, then the
    /// cluster token, then, for a member added at run time, the add time in Unix seconds.
    /// </summary>
    public static ulong MemberId(IEnumerable<string> peerUrls, string token, long? unixSeconds = null)
    {
        var sorted = peerUrls.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var url in sorted) text.Append(url);
        text.Append(token);
        if (unixSeconds is { } t) text.Append(t.ToString(CultureInfo.InvariantCulture));
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    /// <summary>Cluster ID: the first 8 bytes of SHA-1 over the sorted member IDs, each as 8 big-endian bytes.</summary>
    public static ulong ClusterId(IEnumerable<ulong> memberIds)
    {
        var sorted = memberIds.ToArray();
        Array.Sort(sorted);
        var bytes = new byte[8 * sorted.Length];
        for (var i = 0; i < sorted.Length; i++) BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8 * i), sorted[i]);
        return BinaryPrimitives.ReadUInt64BigEndian(SHA1.HashData(bytes));
    }

    /// <summary>An ID as etcd prints it in member lists and logs: lower-case hex, no padding.</summary>
    public static string Hex(ulong id) => id.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Parses an ID given in hex, as etcdctl does; false when it is not hex.</summary>
    public static bool TryParseHex(string text, out ulong id) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id);
}
