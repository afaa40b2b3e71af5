import Glibc

/// Keeps a stopped simulator's loopback port bound, without listening: connections to it are
/// refused, and no server started later in the same test run can be given that port (as a
/// freed port can be, so a "stopped" vendor would suddenly answer as another test's server).
/// Joins the simulator's SO_REUSEPORT group before it stops, so the port is never free.
final class PortHold: Sendable {
    private let fd: Int32

    init?(port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { close(fd); return nil }
        self.fd = fd
    }

    deinit { close(fd) }
}

extension TestGateway {
    /// Stops `vendor`'s simulator for good: its port refuses connections until `hold` goes.
    func stopSimulatorHoldingItsPort(_ vendor: String) async throws -> PortHold? {
        let host = simulator(vendor)
        let hold = PortHold(port: host.port)
        await host.shutdown()
        return hold
    }
}
