#if canImport(Glibc)
import Glibc
#endif
import HTTPServer
import Logging
import PBXCore

/// swift-log handler writing one JSON object per line:
/// `{"ts":"…Z","level":"info","msg":"…","label":"…",<metadata…>}`. Values are JSON-escaped,
/// so a client-controlled string (a path with `\n{"level":"error"}`) cannot forge a line.
/// Secrets are not its business: callers pass values through `Redaction` first.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: any LogSink
    private let clock: any WallClock

    public init(label: String, sink: any LogSink = StandardErrorLogSink(), clock: any WallClock = SystemWallClock()) {
        self.label = label
        self.sink = sink
        self.clock = clock
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        var out = "{\"ts\":\"" + Self.timestamp(clock.now().timeIntervalSince1970) + "\",\"level\":\"\(event.level.rawValue)\""
        out += ",\"msg\":" + Self.quoted(event.message.description)
        out += ",\"label\":" + Self.quoted(label)
        // Sorted so lines are stable and diffable.
        for key in merged.keys.sorted() where !["ts", "level", "msg", "label"].contains(key) {
            out += "," + Self.quoted(key) + ":" + Self.json(merged[key]!)
        }
        out += "}\n"
        sink.write(line: Array(out.utf8))
    }

    static func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let s): return quoted(s)
        case .stringConvertible(let c):
            // Numbers and booleans stay JSON numbers and booleans.
            if c is Int || c is Int64 || c is UInt64 || c is Double || c is Bool { return c.description }
            return quoted(c.description)
        case .array(let a): return "[" + a.map(json).joined(separator: ",") + "]"
        case .dictionary(let d):
            return "{" + d.keys.sorted().map { quoted($0) + ":" + json(d[$0]!) }.joined(separator: ",") + "}"
        }
    }

    static func quoted(_ s: String) -> String { "\"" + ProblemRenderer.escape(s) + "\"" }

    /// RFC 3339 UTC with milliseconds, without Foundation's formatters (one per line adds up).
    static func timestamp(_ seconds: Double) -> String {
        var t = time_t(seconds.rounded(.down))
        let millis = Int((seconds - Double(t)) * 1000)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}
