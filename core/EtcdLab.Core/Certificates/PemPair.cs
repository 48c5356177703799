namespace EtcdLab.Core.Certificates;

/// <summary>A certificate and its private key as the PEM files openssl writes (<c>-----BEGIN CERTIFICATE-----</c>,
/// <c>-----BEGIN PRIVATE KEY-----</c>).</summary>
/// <param name="CertificatePem">The certificate.</param>
/// <param name="KeyPem">Its private key, PKCS#8.</param>
public sealed record PemPair(string CertificatePem, string KeyPem);
