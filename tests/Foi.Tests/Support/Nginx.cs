using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Foi.Tests.Support;

/// <summary>
/// Debian's nginx as a throwaway reverse proxy on loopback: its own prefix folder and configuration, in the
/// foreground, stopped with the test. It reaches the site from <see cref="ProxyAddress"/>, so the site can trust
/// that address alone while test clients play other addresses of 127.0.0.0/8.
/// </summary>
internal sealed class Nginx : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    public static readonly IPAddress ProxyAddress = IPAddress.Parse("127.0.0.9");

    private readonly Process process;
    private readonly string prefix;

    private Nginx(Process process, string prefix, int port, int tlsPort)
    {
        this.process = process;
        this.prefix = prefix;
        Address = new Uri($"http://127.0.0.1:{port}");
        TlsAddress = new Uri($"https://127.0.0.1:{tlsPort}");
    }

    public static bool IsInstalled => File.Exists(Binary);

    public Uri Address { get; }

    /// <summary>The same site over TLS, terminated by nginx with a self-signed certificate for <c>foi.test</c>.</summary>
    public Uri TlsAddress { get; }

    /// <summary>Skips the test when nginx is missing, unless the test script said it must run.</summary>
    public static void RequireInstalled()
    {
        if (IsInstalled)
        {
            return;
        }
        if (Environment.GetEnvironmentVariable("FOI_REQUIRE_NGINX") == "1")
        {
            Assert.Fail("nginx is required (FOI_REQUIRE_NGINX=1) but /usr/sbin/nginx is missing.");
        }
        Assert.Ignore("nginx is not installed: tests/run-all.sh installs Debian's nginx.");
    }

    /// <summary>Starts nginx in front of the given site addresses (round robin when several), once it answers.</summary>
    public static async Task<Nginx> StartAsync(params Uri[] upstreams)
    {
        var prefix = Directory.CreateTempSubdirectory("foi-nginx-").FullName;
        // Workers run as an unprivileged user when the tests run as root: they must be able to write their temp folders.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(prefix, (UnixFileMode)0x1FF);
        }
        var port = FreePort();
        var tlsPort = FreePort();
        WriteSelfSignedCertificate(prefix);
        var configuration = $$"""
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 256; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/body;
              proxy_temp_path {{prefix}}/proxy;
              fastcgi_temp_path {{prefix}}/fastcgi;
              uwsgi_temp_path {{prefix}}/uwsgi;
              scgi_temp_path {{prefix}}/scgi;
            {{SiteFromTheGuide(upstreams, prefix, port, tlsPort)}}
            }
            """;
        var file = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(file, configuration);
        var start = new ProcessStartInfo(Binary, ["-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", file, "-g", "daemon off;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start nginx");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var nginx = new Nginx(process, prefix, port, tlsPort);
        await WaitUntilListeningAsync(port, process, prefix);
        return nginx;
    }

    private static void WriteSelfSignedCertificate(string folder)
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=foi.test", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddDnsName("foi.test");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// The deployment guide's nginx site, changed only where a test machine differs: the nodes' addresses, loopback
    /// ports instead of a public name (with the certificate certbot would have added), and the proxy's own source
    /// address. A guide whose block no longer has these lines fails here, so it cannot drift from what is tested.
    /// </summary>
    private static string SiteFromTheGuide(Uri[] upstreams, string prefix, int port, int tlsPort)
    {
        var site = DeploymentGuide.NginxSite;
        string Replace(string text, string line, string with) => text.Contains(line, StringComparison.Ordinal)
            ? text.Replace(line, with, StringComparison.Ordinal)
            : throw new InvalidOperationException($"The README's nginx block has no line \"{line}\".");
        site = Replace(site, "upstream foi { server 127.0.0.1:5000; }", "upstream foi { " + string.Join(" ", upstreams.Select(u => $"server {u.Authority} max_fails=1 fail_timeout=5s;")) + " }");
        site = Replace(site, "server_name foi.example.org;",
            $"listen 127.0.0.1:{port}; listen 127.0.0.1:{tlsPort} ssl; ssl_certificate {prefix}/cert.pem; ssl_certificate_key {prefix}/key.pem;");
        site = Replace(site, "proxy_pass http://foi;", $"proxy_pass http://foi; proxy_bind {ProxyAddress};");
        return site;
    }

    /// <summary>A port nobody listens on now (the OS hands out a free one, which is let go at once).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilListeningAsync(int port, Process process, string prefix)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                var log = File.Exists(Path.Combine(prefix, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(prefix, "error.log")) : "";
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {log}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("nginx did not listen within 20 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        process.Dispose();
        Directory.Delete(prefix, recursive: true);
    }
}
