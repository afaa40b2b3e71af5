import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// nginx on loopback serving HTTPS (HTTP/2 offered over ALPN) with a certificate from a test
/// CA made in this run. The leaf names only `localhost`, so `https://127.0.0.1` is a name
/// mismatch. A client certificate from the same CA is reported back, not required. The body
/// is "<protocol> <connection number> <client-cert verdict>".
final class TLSTestServer: Sendable {
    let port: Int
    let directory: URL
    private let process: ChildProcess

    var caFile: String { directory.appendingPathComponent("ca.pem").path }
    var otherCAFile: String { directory.appendingPathComponent("other-ca.pem").path }
    var clientCertificateFile: String { directory.appendingPathComponent("client.pem").path }
    var clientKeyFile: String { directory.appendingPathComponent("client.key").path }

    /// Certificates and nginx start on a thread of their own (see `offPool`).
    static func start() async throws -> TLSTestServer {
        try await offPool { try TLSTestServer() }
    }

    private init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = try ChildProcess("/bin/sh", ["-c", "cd '\(directory.path)' && \(Self.certificateScript)"])
        guard script.waitForExit() == 0 else { throw POSIXError(.EIO) }
        var lastError: Error?
        // The port is picked by binding to 0 and closing; another process may take it in
        // between, so try a few.
        for _ in 0..<5 {
            let port = try closedPort()
            do {
                process = try Self.startNginx(port: port, in: directory)
                self.port = port
                return
            } catch {
                lastError = error
            }
        }
        throw lastError ?? POSIXError(.EADDRINUSE)
    }

    func stop() {
        process.kill()
        try? FileManager.default.removeItem(at: directory)
    }

    private static let certificateScript = """
    set -e
    key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
    key ca.key; key other-ca.key; key server.key; key client.key
    openssl req -x509 -new -key ca.key -out ca.pem -days 2 -subj "/CN=Switchboard Test CA" 2>/dev/null
    openssl req -x509 -new -key other-ca.key -out other-ca.pem -days 2 -subj "/CN=Unrelated CA" 2>/dev/null
    openssl req -new -key server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
    printf 'subjectAltName=DNS:localhost\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext 2>/dev/null
    openssl req -new -key client.key -out client.csr -subj "/CN=crm-client" 2>/dev/null
    printf 'basicConstraints=CA:FALSE\\nextendedKeyUsage=clientAuth\\n' > client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2 -extfile client.ext 2>/dev/null
    """

    private static func configuration(port: Int, directory: String) -> String {
        """
        daemon off;
        master_process off;
        worker_processes 1;
        pid \(directory)/nginx.pid;
        error_log \(directory)/error.log warn;
        events { worker_connections 2048; }
        http {
            access_log off;
            client_body_temp_path \(directory)/body;
            proxy_temp_path \(directory)/proxy;
            fastcgi_temp_path \(directory)/fastcgi;
            uwsgi_temp_path \(directory)/uwsgi;
            scgi_temp_path \(directory)/scgi;
            keepalive_requests 10000;
            server {
                listen 127.0.0.1:\(port) ssl http2;
                server_name localhost;
                ssl_certificate \(directory)/server.pem;
                ssl_certificate_key \(directory)/server.key;
                ssl_client_certificate \(directory)/ca.pem;
                ssl_verify_client optional;
                location / {
                    default_type text/plain;
                    return 200 "$server_protocol $connection $ssl_client_verify";
                }
            }
        }
        """
    }

    private static func startNginx(port: Int, in directory: URL) throws -> ChildProcess {
        let conf = directory.appendingPathComponent("nginx-\(port).conf")
        try configuration(port: port, directory: directory.path).write(to: conf, atomically: true, encoding: .utf8)
        let process = try ChildProcess("/usr/sbin/nginx", ["-p", directory.path, "-e",
                                                           directory.appendingPathComponent("error.log").path, "-c", conf.path])
        // Ready when it wrote its pid file, which it does only after binding its port, and
        // accepts a connection; gone when it could not bind. A connection alone is not
        // enough: another test's server may have been given the port just before nginx
        // tried it, and would answer in its place.
        let pidFile = directory.appendingPathComponent("nginx.pid").path
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if process.exited != nil { throw POSIXError(.EADDRINUSE) }
            if FileManager.default.fileExists(atPath: pidFile), canConnect(port: port) { return process }
            usleep(10_000)
        }
        process.kill()
        throw POSIXError(.ETIMEDOUT)
    }

    private static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
