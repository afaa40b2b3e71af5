#if canImport(Glibc)
import Glibc
#endif

/// A loopback listener with `listen(0)` whose accept queue we fill ourselves, so the kernel
/// drops every further SYN: a new connect gets no answer and runs into its connect timeout.
final class Blackhole: @unchecked Sendable {  // immutable after init
    let port: Int
    private let listener: Int32
    private let fillers: [Int32]

    init() throws {
        (listener, port) = try RawTestServer.listen(backlog: 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        // Connect until one connect times out: from then on the queue is full.
        var fillers: [Int32] = []
        for _ in 0..<16 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var limit = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            let rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            fillers.append(fd)
            if rc != 0 { break }
        }
        self.fillers = fillers
    }

    deinit {
        for fd in fillers { close(fd) }
        close(listener)
    }
}
