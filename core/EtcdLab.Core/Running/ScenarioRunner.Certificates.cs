using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EtcdLab.Core.Certificates;
using EtcdLab.Core.Events;
using EtcdLab.Core.Exceptions;
using EtcdLab.Core.Scenarios;
using EtcdLab.Core.Targets;

namespace EtcdLab.Core.Running;

public sealed partial class ScenarioRunner
{
    private async Task<StepOutcome> CertificateAuthorityAsync(CertificateAuthorityStep step, CancellationToken ct)
    {
        var certPath = Substitute(step.CertPath);
        var keyPath = Substitute(step.KeyPath);
        var notBefore = Truncate(_target.HostClock + step.StartOffset);
        var notAfter = notBefore + step.Validity;
        var serial = CertificateFactory.Serial(_options.Seed, step.Host, certPath);
        var pair = CertificateFactory.CreateAuthority(step.Subject, notBefore, notAfter, serial);
        await _target.WriteFileAsync(step.Host, keyPath, Encoding.ASCII.GetBytes(pair.KeyPem), ct);
        await _target.WriteFileAsync(step.Host, certPath, Encoding.ASCII.GetBytes(pair.CertificatePem), ct);
        var hex = CertificateFactory.SerialHex(serial);
        _recorder.Record(new CertificateIssued(step.Host, certPath, keyPath, CertificateIssued.AuthorityProfile, step.Subject, [], [],
            notBefore, notAfter, hex, step.Subject, hex));
        return StepOutcome.Pass();
    }

    private async Task<StepOutcome> CertificateAsync(CertificateStep step, CancellationToken ct)
    {
        var caCertPath = Substitute(step.CaCertPath);
        var caKeyPath = Substitute(step.CaKeyPath);
        var certPath = Substitute(step.CertPath);
        var keyPath = Substitute(step.KeyPath);
        var subject = Substitute(step.Subject);
        var sans = step.SubjectAltNames.Select(Substitute).ToArray();
        var caCert = await _target.ReadFileAsync(step.Host, caCertPath, ct);
        var caKey = await _target.ReadFileAsync(step.Host, caKeyPath, ct);
        // openssl ca's own complaints when the CA's files are missing.
        if (caCert is null) return StepOutcome.Fail($"openssl ca on {step.Host}: Can't open \"{caCertPath}\" for reading, No such file or directory (the signing CA's certificate)");
        if (caKey is null) return StepOutcome.Fail($"openssl ca on {step.Host}: Can't open \"{caKeyPath}\" for reading, No such file or directory (the signing CA's key)");

        var notBefore = Truncate(_target.HostClock + step.StartOffset);
        var notAfter = notBefore + step.Validity;
        var serial = CertificateFactory.Serial(_options.Seed, step.Host, certPath);
        var request = new CertificateRequestSpec(subject, step.Profile,
            sans.Where(s => s.StartsWith("IP:", StringComparison.Ordinal)).Select(s => s[3..]).ToArray(),
            sans.Where(s => s.StartsWith("DNS:", StringComparison.Ordinal)).Select(s => s[4..]).ToArray(),
            notBefore, notAfter, serial);
        foreach (var ip in request.IpAddresses)
            if (!System.Net.IPAddress.TryParse(ip, out _))
                return StepOutcome.Fail($"san IP:{ip} is no IP address; write DNS:{ip} for a name");
        PemPair pair;
        string issuer, issuerSerial;
        try
        {
            var authority = new PemPair(Encoding.ASCII.GetString(caCert), Encoding.ASCII.GetString(caKey));
            pair = CertificateFactory.Issue(authority, request);
            using var ca = X509Certificate2.CreateFromPem(authority.CertificatePem);
            issuer = ca.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            issuerSerial = ca.SerialNumber;
        }
        catch (CryptographicException e)
        {
            return StepOutcome.Fail($"openssl ca on {step.Host}: {caCertPath} and {caKeyPath} are no CA certificate and key that belong together ({e.Message})");
        }
        await _target.WriteFileAsync(step.Host, keyPath, Encoding.ASCII.GetBytes(pair.KeyPem), ct);
        await _target.WriteFileAsync(step.Host, certPath, Encoding.ASCII.GetBytes(pair.CertificatePem), ct);
        var usages = CertificateFactory.UsagesOf(step.Profile).Cast<Oid>().Select(o => o.FriendlyName ?? o.Value ?? "").ToArray();
        _recorder.Record(new CertificateIssued(step.Host, certPath, keyPath, step.Profile.ToString().ToLowerInvariant(), subject, sans, usages,
            notBefore, notAfter, CertificateFactory.SerialHex(serial), issuer, issuerSerial));
        return StepOutcome.Pass();
    }

    /// <summary>The installer's steps (<c>setup:</c>), then the harness's credentials from the files
    /// they made: run in step 0, before the bootstrap.</summary>
    private async Task<StepOutcome> SetupAsync(CancellationToken ct)
    {
        foreach (var step in _scenario.Cluster.Setup)
        {
            var outcome = await ExecuteAsync(step, ct);
            if (outcome.Failure is { } failure) return StepOutcome.Fail($"setup: {step.Describe()}: {failure}");
        }
        if (_scenario.Cluster.ClientTls is not { } tls) return StepOutcome.Pass();
        var texts = new string[3];
        var paths = new[] { tls.CaCertPath, tls.CertPath, tls.KeyPath };
        for (var i = 0; i < paths.Length; i++)
        {
            var path = Substitute(paths[i]);
            var content = await _target.ReadFileAsync(tls.Host, path, ct);
            if (content is null)
                return StepOutcome.Fail($"client-tls: {path} does not exist on {tls.Host}; make it in the cluster's setup: (certificate-authority, certificate) or point client-tls at the operator's files");
            texts[i] = Encoding.ASCII.GetString(content);
        }
        try
        {
            await _target.UseClientCredentialsAsync(new ClientCredentials(texts[0], texts[1], texts[2]), ct);
        }
        catch (CryptographicException e)
        {
            return StepOutcome.Fail($"client-tls: the files on {tls.Host} hold no CA, certificate and key the harness can use ({e.Message})");
        }
        return StepOutcome.Pass();
    }

    /// <summary>X.509 keeps whole seconds; the event records what the certificate holds.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
