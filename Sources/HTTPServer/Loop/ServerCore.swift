import Synchronization

/// What every loop of one server shares: configuration, the responder and the connection
/// count that enforces `maxConnections` across loops.
final class ServerCore: Sendable {
    let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let limits: ParserLimits
    let connections = Atomic<Int>(0)
    let headerTimeoutNS: UInt64
    let bodyTimeoutNS: UInt64
    let idleTimeoutNS: UInt64
    let writeTimeoutNS: UInt64
    /// How often a loop looks for expired deadlines: a quarter of the shortest timeout.
    let sweepIntervalNS: UInt64

    init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
        self.limits = ParserLimits(configuration)
        headerTimeoutNS = Self.nanoseconds(configuration.headerReadTimeout)
        bodyTimeoutNS = Self.nanoseconds(configuration.bodyReadTimeout)
        idleTimeoutNS = Self.nanoseconds(configuration.idleTimeout)
        writeTimeoutNS = Self.nanoseconds(configuration.writeTimeout)
        let shortest = min(headerTimeoutNS, bodyTimeoutNS, idleTimeoutNS, writeTimeoutNS)
        sweepIntervalNS = min(max(shortest / 4, 5_000_000), 250_000_000)
    }

    static func nanoseconds(_ d: Duration) -> UInt64 {
        let (s, atto) = d.components
        guard s >= 0 else { return 0 }
        return UInt64(s) * 1_000_000_000 + UInt64(max(atto, 0) / 1_000_000_000)
    }
}
