import Glibc

/// A blocking loopback client that sends exact bytes and reads responses apart by hand, so
/// tests see precisely what the server put on the wire.
/// Used by one test at a time, handed between threads only sequentially.
final class RawClient: @unchecked Sendable {
    let fd: Int32
    private var buffer: [UInt8] = []

    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// `receiveBuffer` shrinks the socket's receive buffer (before connecting, so the
    /// advertised window is small too): a client that reads slowly, or not at all.
    init(port: Int, timeoutSeconds: Int = 15, receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError("socket") }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { Glibc.close(fd); throw ClientError("connect errno \(errno)") }
    }

    deinit { Glibc.close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw ClientError("send errno \(errno)") }
            off += n
        }
    }

    /// Aborts the connection with RST (SO_LINGER 0), as a crashing client would.
    func reset() {
        var l = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
        shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Reads at most `max` bytes as they come (buffered bytes first): the count, 0 at EOF or
    /// reset. Throws on timeout.
    func readSome(max: Int) throws -> [UInt8] {
        if buffer.isEmpty, try !fill() { return [] }
        let n = min(max, buffer.count)
        defer { buffer.removeFirst(n) }
        return Array(buffer[0..<n])
    }

    /// Half-closes the sending side.
    func finishSending() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes; false on EOF or reset, throws on timeout.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
        if n > 0 { buffer.append(contentsOf: chunk[0..<n]); return true }
        if n == 0 { return false }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw ClientError("timed out waiting for the server") }
        return false
    }

    /// The next response; nil when the server closed before sending one. `head` marks a
    /// response to HEAD (no body whatever Content-Length says).
    func readResponse(head: Bool = false) throws -> Response? {
        var end: Int?
        while true {
            if let e = find([13, 10, 13, 10]) { end = e; break }
            guard try fill() else { return nil }
        }
        let headText = String(decoding: buffer[0..<end!], as: UTF8.self)
        var lines = headText.split(separator: "\r\n" as Character, omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw ClientError("bad status line") }
        let headers = lines.map { line -> (String, String) in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: " "))
        }
        buffer.removeFirst(end! + 4)
        var response = Response(status: status, headers: headers, body: [])
        if head || status < 200 || status == 204 || status == 304 { return response }
        let length = Int(response.header("Content-Length") ?? "0") ?? 0
        while buffer.count < length { guard try fill() else { break } }
        let take = min(length, buffer.count)
        response.body = Array(buffer[0..<take])
        buffer.removeFirst(take)
        return response
    }

    /// True when the server has closed (EOF or reset) with no further bytes pending.
    func isClosedByServer() throws -> Bool {
        if !buffer.isEmpty { return false }
        return try !fill()
    }

    /// All remaining bytes until the server closes.
    func readToEnd() throws -> [UInt8] {
        while try fill() {}
        defer { buffer = [] }
        return buffer
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for i in 0...(buffer.count - needle.count) where buffer[i] == needle[0] && Array(buffer[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
