import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server on raw loopback sockets, one thread per connection, for the
/// misbehaviours a well-made server will not produce: garbage bytes, a close mid-body, a
/// trickled body, silence. It counts accepted connections for the keep-alive tests.
final class RawTestServer: Sendable {
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    indirect enum Reply: Sendable {
        /// A complete response; the connection stays open for the next request.
        case respond(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [])
        /// These bytes instead of a response, then close.
        case raw([UInt8])
        /// A 200 announcing `announced` body bytes, of which only `sent` go out before the close.
        case truncated(announced: Int, sent: Int)
        /// Read the request and never answer; the connection stays open until the client leaves.
        case silence
        /// The head at once, then the body one byte per `interval`.
        case trickle(body: [UInt8], interval: Duration)
        /// Wait, then reply.
        case after(Duration, Reply)
    }

    typealias Handler = @Sendable (Request) -> Reply

    /// What happened on the server, in order, for tests that must wait for a step.
    enum Event: Sendable, Equatable {
        case accepted
        case request(target: String)
        case closed
    }

    /// Every event since start; unbounded, so tests that ignore it lose nothing.
    let events: AsyncStream<Event>
    private let sink: AsyncStream<Event>.Continuation

    let port: Int
    private let listener: Int32
    private let handler: Handler
    private let accepted = Atomic<Int>(0)
    private let open = Mutex<Set<Int32>>([])

    /// Connections accepted so far.
    var acceptedConnections: Int { accepted.load(ordering: .acquiring) }

    init(handler: @escaping Handler) throws {
        self.handler = handler
        (events, sink) = AsyncStream.makeStream(of: Event.self)
        (listener, port) = try Self.listen(backlog: 1024)
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Stops listening and closes every connection; threads end on their own.
    func stop() {
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        for fd in open.withLock({ $0 }) { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// Waits for the first event matching `wanted` (the test's time limit bounds the wait).
    func waitFor(_ wanted: Event) async {
        for await event in events where event == wanted { return }
    }

    deinit { close(listener) }

    static func listen(backlog: Int32) throws -> (Int32, Int) {
        try bind(listening: backlog)
    }

    /// A loopback port bound but not listening: connecting to it is refused for as long as
    /// the descriptor stays open, and meanwhile no other server (a test running in parallel)
    /// can be given that port, as it could a port bound and closed again.
    static func refusing() throws -> (Int32, Int) {
        try bind(listening: nil)
    }

    private static func bind(listening backlog: Int32?) throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var yes: Int32 = 1
        // Not for a refusing port: a second socket with SO_REUSEADDR could bind it too.
        if backlog != nil { setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size)) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, backlog.map({ Glibc.listen(fd, $0) == 0 }) ?? true else {
            close(fd)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            accepted.add(1, ordering: .releasing)
            open.withLock { _ = $0.insert(fd) }
            sink.yield(.accepted)
            Thread.detachNewThread { [self] in
                serve(fd)
                open.withLock { _ = $0.remove(fd) }
                close(fd)
                sink.yield(.closed)
            }
        }
    }

    private func serve(_ fd: Int32) {
        var reader = RawRequestReader(fd: fd)
        while let request = reader.next() {
            sink.yield(.request(target: request.target))
            guard perform(handler(request), on: fd) else { return }
        }
    }

    /// Returns whether the connection may carry another request.
    private func perform(_ reply: Reply, on fd: Int32) -> Bool {
        switch reply {
        case .respond(let status, let headers, let body):
            var head = "HTTP/1.1 \(status) X\r\nContent-Length: \(body.count)\r\n"
            for h in headers { head += "\(h.name): \(h.value)\r\n" }
            return write(fd, Array((head + "\r\n").utf8) + body)
        case .raw(let bytes):
            _ = write(fd, bytes)
            return false
        case .truncated(let announced, let sent):
            let head = "HTTP/1.1 200 OK\r\nContent-Length: \(announced)\r\n\r\n"
            _ = write(fd, Array(head.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: sent))
            return false
        case .silence:
            var byte: UInt8 = 0
            while recv(fd, &byte, 1, 0) > 0 {}
            return false
        case .trickle(let body, let interval):
            guard write(fd, Array("HTTP/1.1 200 OK\r\nContent-Length: \(body.count)\r\n\r\n".utf8)) else { return false }
            for byte in body {
                Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18 + Double(interval.components.seconds))
                guard write(fd, [byte]) else { return false }
            }
            return true
        case .after(let delay, let next):
            Thread.sleep(forTimeInterval: Double(delay.components.attoseconds) / 1e18 + Double(delay.components.seconds))
            return perform(next, on: fd)
        }
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}
