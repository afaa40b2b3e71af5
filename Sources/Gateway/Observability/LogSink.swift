#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where finished log lines go. One line per call, newline included.
public protocol LogSink: Sendable {
    func write(line: [UInt8])
}

/// Standard error, one `write(2)` per line under a lock so concurrent lines never
/// interleave, even past PIPE_BUF.
public final class StandardErrorLogSink: LogSink {
    private let lock = Mutex(())
    public init() {}
    public func write(line: [UInt8]) {
        lock.withLock { _ in
            line.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(2, raw.baseAddress! + offset, raw.count - offset)
                    if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
                }
            }
        }
    }
}
