using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EtcdLab.Core.Certificates;

/// <summary>
/// The checks one TLS connection between two etcd 3.4 members makes, with the texts Go prints for
/// them, for the simulator: the dialler verifies the listener's certificate against its trusted CA
/// and the address it dialled; with <c>--peer-client-cert-auth</c> the listener verifies the
/// dialler's certificate against its own trusted CA.
/// </summary>
/// <remarks>
/// The texts, as etcd 3.4.23 logged them in the lab's Docker runs (mutants/replacement-cert-from-other-ca):
/// the listener writes <c>embed: rejected connection from "127.0.0.1:54802" (error "tls: failed to
/// verify client certificate: x509: certificate signed by unknown authority", ServerName "")</c>,
/// and the dialler sees <c>remote error: tls: bad certificate</c> (the member that cannot fetch the
/// cluster logs <c>etcdserver: could not get cluster response from https://127.1.1.1:2380: Get
/// "https://127.1.1.1:2380/members": remote error: tls: bad certificate</c>). Go's crypto/x509 names a
/// certificate without the dialled address <c>x509: certificate is valid for 127.0.1.3, not 127.0.2.3</c>,
/// and one outside its validity <c>x509: certificate has expired or is not yet valid</c>. The SAN
/// check etcd itself makes of a dialler's client certificate (pkg/transport checkCertSAN, against
/// the connection's source address, always 127.0.0.1 in the lab) is left out.
/// </remarks>
public static class TlsHandshake
{
    /// <summary>Why the connection fails, as the dialler and the listener each log it; null when it succeeds.
    /// Only connections where both members have peer certificates are judged.</summary>
    public static (string Dialler, string Listener)? Fails(PeerTlsConfig dialler, PeerTlsConfig listener, string dialledIp, DateTimeOffset now)
    {
        if (dialler.CertificatePem is null || listener.CertificatePem is null) return null;
        using var serverCert = Load(listener.CertificatePem);
        using var clientCert = Load(dialler.CertificatePem);
        if (serverCert is null || clientCert is null) return null;

        // The dialler checks the listener: its CA, its validity, then the address.
        if (Verify(serverCert, dialler.TrustedCaPem, now) is { } serverProblem)
            return ($"x509: {serverProblem}", "remote error: tls: bad certificate");
        if (!Covers(serverCert, dialledIp))
            return ($"x509: certificate is valid for {string.Join(", ", IpSans(serverCert))}, not {dialledIp}", "remote error: tls: bad certificate");
        if (!listener.ClientCertAuth) return null;
        if (Verify(clientCert, listener.TrustedCaPem, now) is { } clientProblem)
            return ("remote error: tls: bad certificate", $"tls: failed to verify client certificate: x509: {clientProblem}");
        return null;
    }

    private static X509Certificate2? Load(string pem)
    {
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Go's x509 text for a certificate the CA does not vouch for at <paramref name="now"/>, or null.</summary>
    private static string? Verify(X509Certificate2 cert, string? caPem, DateTimeOffset now)
    {
        if (now < cert.NotBefore.ToUniversalTime() || now > cert.NotAfter.ToUniversalTime()) return "certificate has expired or is not yet valid";
        if (caPem is null) return "certificate signed by unknown authority";
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(caPem);
        }
        catch (CryptographicException)
        {
            return "certificate signed by unknown authority";
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        var ok = chain.Build(cert);
        foreach (var r in roots) r.Dispose();
        return ok ? null : "certificate signed by unknown authority";
    }

    private static IEnumerable<string> IpSans(X509Certificate2 cert) =>
        cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(s => s.EnumerateIPAddresses()).Select(a => a.ToString());

    private static bool Covers(X509Certificate2 cert, string ip) =>
        IPAddress.TryParse(ip, out var address) && IpSans(cert).Contains(address.ToString());
}
