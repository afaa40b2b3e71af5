import CSystem
import Glibc

/// One accepted socket. Owned by its loop and touched only on the loop thread: handler
/// tasks run on the loop's executor, so even their completions arrive here.
///
/// Requests on one connection are served one after another; pipelined requests wait in
/// `inbound` (unparsed), which keeps responses in order without a reorder queue.
final class Connection {
    enum Deadline { case none, header, body, idle, write, linger }

    let fd: Int32
    /// The loop outlives its connections: it owns them, and a handler task that still holds
    /// one prefers (and so retains) the loop. `unowned(unsafe)`: a checked `unowned` took a
    /// strong reference and gave it back on each of the dozen uses per request.
    unowned(unsafe) let loop: EventLoop
    let remoteAddress: String
    // The buffers and the parser are touched on every request, and only ever by the loop
    // thread: the run-time exclusivity check on each access (a thread-local access set)
    // guards against nothing here.
    @exclusivity(unchecked) private var parser: RequestParser
    /// Bytes received but not yet consumed; empty for an idle connection.
    @exclusivity(unchecked) private var inbound: [UInt8] = []
    @exclusivity(unchecked) private var outbound: [UInt8] = []
    @exclusivity(unchecked) private var outboundSent = 0
    private(set) var isClosed = false
    var isDirty = false
    private var inFlight = false
    private var closeAfterFlush = false
    private var peerClosed = false
    private var shuttingDown = false
    private var pollingWrite = false
    private var readingPaused = false
    private var receivedAny = false
    private var lingering = false
    private var deadline: UInt64
    private var deadlineKind = Deadline.header
    /// Requests dispatched on this connection (for `maxRequestsPerConnection`).
    private var requestCount = 0
    /// Reused for every request of this connection (see `HandOver`); made at the first.
    private var handOver: HandOver?

    init(fd: Int32, loop: EventLoop, remoteAddress: String) {
        self.fd = fd
        self.loop = loop
        self.remoteAddress = remoteAddress
        parser = RequestParser(limits: loop.core.limits)
        deadline = loop.now + loop.core.headerTimeoutNS
    }

    // MARK: Reading

    /// `hangup`: epoll reported HUP/ERR, which it keeps reporting even while we do not read.
    func readable(hangup: Bool) {
        guard !isClosed else { return }
        if readingPaused {
            if hangup { close() }
            return
        }
        let buffer = loop.readBuffer
        let n = read(fd, buffer.baseAddress, buffer.count)
        if lingering {
            if n == 0 || (n < 0 && csys_errno() != EAGAIN) { close() }
            return
        }
        if n > 0 {
            received(UnsafeRawBufferPointer(start: buffer.baseAddress, count: n))
        } else if n == 0 {
            peerFinished()
        } else {
            let e = csys_errno()
            if e != EAGAIN && e != EWOULDBLOCK && e != EINTR { close() }
        }
    }

    /// Unsent response bytes beyond which no further pipelined request is parsed: a client
    /// that sends but never reads must not make us buffer without bound.
    private static let maxBacklog = 256 * 1024

    private var isBacklogged: Bool { outbound.count - outboundSent > Self.maxBacklog }

    private func received(_ bytes: UnsafeRawBufferPointer) {
        receivedAny = true
        if inFlight || !inbound.isEmpty || isBacklogged {
            inbound.append(contentsOf: bytes)
            if inFlight || isBacklogged {
                // A client pipelining far ahead of us waits until we catch up.
                if inbound.count > 64 * 1024 { setReading(false) }
                return
            }
            processInbound()
        } else {
            let used = process(bytes)
            if used < bytes.count { inbound.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[used...])) }
        }
    }

    private func processInbound() {
        guard !inbound.isEmpty else { process(UnsafeRawBufferPointer(start: nil, count: 0)); return }
        let used = inbound.withUnsafeBytes { process($0) }
        if used == inbound.count {
            inbound = []
        } else if used > 0 {
            inbound.removeFirst(used)
        }
    }

    /// Parses as far as possible; returns how many bytes were consumed.
    @discardableResult
    private func process(_ input: UnsafeRawBufferPointer) -> Int {
        var pos = 0
        while !inFlight && !closeAfterFlush && !isClosed && !isBacklogged {
            let rest = UnsafeRawBufferPointer(rebasing: input[pos...])
            let (event, used) = parser.parse(rest)
            pos += used
            switch event {
            case .needMore:
                if parser.continueWanted {
                    parser.continueWanted = false
                    outbound.append(contentsOf: ResponseEncoder.continueLine)
                    loop.markDirty(self)
                }
                if parser.isReadingBody {
                    if used > 0 || deadlineKind != .body { setDeadline(.body) }
                } else if !parser.isIdle || pos < input.count {
                    if deadlineKind != .header { setDeadline(.header) }
                }
                return pos
            case .request(let parsed):
                // Answered on the spot: go on with the next pipelined request, if any.
                if dispatch(parsed) { continue }
                return pos
            case .failure(let error):
                respondWithError(error, requestID: loop.requestIDs.next())
                return pos
            }
        }
        return pos
    }

    /// The client sent FIN. Half-closed clients (`printf ... | nc`) still get answers to
    /// everything they sent; the connection closes once nothing is left to do.
    private func peerFinished() {
        peerClosed = true
        setReading(false)
        if inFlight { return }
        if !inbound.isEmpty && !closeAfterFlush { processInbound() }
        if inFlight { return }
        if outboundSent < outbound.count {
            closeAfterFlush = true
        } else {
            close()
        }
    }

    // MARK: Dispatch

    /// Returns true when the request was answered synchronously (no task was needed).
    private func dispatch(_ parsed: RequestParser.Parsed) -> Bool {
        let requestID = parsed.requestID ?? loop.requestIDs.next()
        requestCount += 1
        let keepAlive = parsed.keepAlive && requestCount < loop.core.configuration.maxRequestsPerConnection
        let isHead = parsed.request.method == .HEAD
        var context = RequestContext(requestID: requestID, remoteAddress: remoteAddress)
        // One request at a time per connection: the next is dispatched only once this one's
        // response is delivered, after which nothing reads what its hand-over holds.
        if let handOver {
            handOver.clear()
        } else {
            handOver = HandOver()
        }
        context.handOver = handOver
        let responder = loop.core.responder
        let request = parsed.request
        if let response = responder.respondImmediately(to: request, context: context) {
            // Like `deliver`, minus re-entering the parser: the caller's loop goes on.
            write(response, requestID: requestID, isHead: isHead, keepAlive: keepAlive && !shuttingDown)
            if !closeAfterFlush && !peerClosed { setDeadline(.idle) }
            return true
        }
        inFlight = true
        setDeadline(.none)
        let this = LoopBound(self)
        Task(executorPreference: loop) {
            var closeAfter = !keepAlive
            let response: HTTPResponse
            do {
                response = try await responder.respond(to: request, context: context)
            } catch {
                if let e = error as? HTTPError, e.closeConnection { closeAfter = true }
                response = ProblemRenderer.response(for: error, requestID: requestID)
            }
            await this.value.deliver(response, requestID: requestID, isHead: isHead, closeAfter: closeAfter)
        }
        return false
    }

    private func respondWithError(_ error: HTTPError, requestID: String) {
        let response = ProblemRenderer.response(for: error, requestID: requestID)
        write(response, requestID: requestID, isHead: false, keepAlive: false)
        closeAfterFlush = true
        setReading(false)
        loop.markDirty(self)
    }

    /// Runs on the loop thread (the task prefers the loop's executor).
    private func deliver(_ response: HTTPResponse, requestID: String, isHead: Bool, closeAfter: Bool) async {
        guard !isClosed else { return }
        let keepAlive = !closeAfter && !shuttingDown
        switch response.delivery {
        case .normal:
            write(response, requestID: requestID, isHead: isHead, keepAlive: keepAlive)
        case .closeAfter(let bytes):
            var cut = response
            cut.body = Array(response.body.prefix(max(0, bytes)))
            ResponseEncoder.head(response, bodyLength: response.body.count, requestID: requestID, keepAlive: false,
                                 date: loop.dateHeader.line, into: &outbound)
            if !isHead { outbound.append(contentsOf: cut.body) }
            closeAfterFlush = true
        case .raw(let bytes):
            outbound.append(contentsOf: bytes)
            closeAfterFlush = true
        case .drop:
            closeAfterFlush = true
        case .trickle(let chunk, let interval):
            ResponseEncoder.head(response, bodyLength: response.body.count, requestID: requestID, keepAlive: keepAlive,
                                 date: loop.dateHeader.line, into: &outbound)
            flush()
            if !isHead {
                var offset = 0
                let step = max(1, chunk)
                while offset < response.body.count, !isClosed {
                    try? await Task.sleep(for: interval)
                    guard !isClosed else { return }
                    let end = min(offset + step, response.body.count)
                    outbound.append(contentsOf: response.body[offset..<end])
                    offset = end
                    flush()
                }
            }
            guard !isClosed else { return }
        }
        inFlight = false
        if !keepAlive { closeAfterFlush = true }
        continueAfterResponse()
        loop.markDirty(self)
        // With no other job waiting, the end of the turn would only add this task's own
        // teardown before the send: the answer goes out now. With others waiting, it waits
        // for them, so answers finished together still leave in one burst.
        if loop.isRunningLastJob { loop.flushNow(self) }
    }

    /// After a response: next pipelined request, or wait for one, or finish a half-closed peer.
    private func continueAfterResponse() {
        guard !inFlight, !isClosed, !lingering else { return }
        if closeAfterFlush { setReading(false); return }
        if !peerClosed {
            setReading(true)
            if deadlineKind == .none { setDeadline(.idle) }
        }
        if !inbound.isEmpty && !isBacklogged { processInbound() }
        if peerClosed && !inFlight { closeAfterFlush = true }
    }

    private func write(_ response: HTTPResponse, requestID: String, isHead: Bool, keepAlive: Bool) {
        let hasBody = ResponseEncoder.allowsBody(response.status)
        // One allocation for the whole response: a buffer that held more than 1 KiB was let
        // go after the last flush (idle connections stay small), so it would otherwise
        // regrow from nothing through every doubling. Only into an empty buffer: reserving
        // is exact, and pipelined answers appended one by one must keep growing
        // geometrically.
        if outbound.isEmpty {
            outbound.reserveCapacity(ResponseEncoder.estimatedSize(response, date: loop.dateHeader.line))
        }
        ResponseEncoder.head(response, bodyLength: hasBody ? response.body.count : 0, requestID: requestID,
                             keepAlive: keepAlive, date: loop.dateHeader.line, into: &outbound)
        if hasBody && !isHead { outbound.append(contentsOf: response.body) }
        if !keepAlive { closeAfterFlush = true }
        loop.markDirty(self)
    }

    // MARK: Writing

    func flush() {
        guard !isClosed else { return }
        let wasBacklogged = isBacklogged
        var progressed = false
        while outboundSent < outbound.count {
            let n = outbound.withUnsafeBytes { csys_send(fd, $0.baseAddress! + outboundSent, $0.count - outboundSent) }
            if n > 0 {
                outboundSent += n
                progressed = true
            } else {
                let e = csys_errno()
                if n < 0 && (e == EAGAIN || e == EWOULDBLOCK || e == EINTR) {
                    if !pollingWrite {
                        pollingWrite = true
                        updateInterest()
                        if deadlineKind == .none || deadlineKind == .idle { setDeadline(.write) }
                    } else if progressed && deadlineKind == .write {
                        // A slow reader that keeps reading is not stuck: the timeout
                        // counts time without progress, like nginx's send_timeout.
                        setDeadline(.write)
                    }
                    return
                }
                close()
                return
            }
        }
        if outbound.capacity > 1024 { outbound = [] } else { outbound.removeAll(keepingCapacity: true) }
        outboundSent = 0
        if pollingWrite {
            pollingWrite = false
            updateInterest()
            if deadlineKind == .write { setDeadline(inFlight ? .none : .idle) }
        }
        if wasBacklogged { continueAfterResponse() }
        if closeAfterFlush && !inFlight && !isClosed { peerClosed ? close() : linger() }
    }

    /// Closing with unread request bytes makes the kernel send RST, and a client that is
    /// still sending (an oversized body) would then lose our error response. So: send FIN,
    /// drain what the client still sends for a moment, then close (nginx's lingering close).
    private func linger() {
        guard !lingering else { return }
        lingering = true
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
        inbound = []
        setReading(true)
        setDeadline(.linger)
    }

    private func setReading(_ on: Bool) {
        guard readingPaused == on, !isClosed else { return }
        readingPaused = !on
        updateInterest()
    }

    private func updateInterest() {
        var mask: UInt32 = 0
        if !readingPaused { mask |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue }
        if pollingWrite { mask |= EPOLLOUT.rawValue }
        _ = csys_epoll_ctl(loop.epfd, EPOLL_CTL_MOD, fd, mask)
    }

    // MARK: Deadlines and shutdown

    private func setDeadline(_ kind: Deadline) {
        deadlineKind = kind
        let core = loop.core
        switch kind {
        case .none: deadline = 0
        case .header: deadline = loop.now + core.headerTimeoutNS
        case .body: deadline = loop.now + core.bodyTimeoutNS
        case .write: deadline = loop.now + core.writeTimeoutNS
        case .idle: deadline = loop.now + core.idleTimeoutNS
        case .linger: deadline = loop.now + min(core.bodyTimeoutNS, 2_000_000_000)
        }
    }

    func checkDeadline(now: UInt64) {
        guard !isClosed, deadlineKind != .none, now >= deadline else { return }
        switch deadlineKind {
        case .header where receivedAny && !lingering, .body:
            setDeadline(.none)
            outbound.removeAll()
            outboundSent = 0
            respondWithError(ParseError.timeout(), requestID: loop.requestIDs.next())
            flush()
        default:
            close()
        }
    }

    /// Graceful shutdown: an idle connection closes now, a busy one after its response.
    func shutdownRequested() {
        shuttingDown = true
        guard !inFlight else { return }
        if outboundSent < outbound.count {
            closeAfterFlush = true
            flush()
        } else {
            close()
        }
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(fd)
        loop.forget(self)
    }
}

/// Hands a loop-confined object to a task that runs on that same loop's executor.
struct LoopBound<Value: AnyObject>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
