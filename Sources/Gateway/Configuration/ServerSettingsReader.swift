/// `server:` → `ServerSettings`.
enum ServerSettingsReader {
    static let allowed: Set<String> = [
        "listen", "cursorSecret", "loops", "maxRequestLineBytes", "maxHeaderLineBytes", "maxHeaderBytes",
        "maxHeaderCount", "maxBodyBytes", "maxConnections", "headerReadTimeoutSeconds",
        "bodyReadTimeoutSeconds", "idleTimeoutSeconds", "shutdownGraceSeconds",
    ]

    static func read(_ node: ConfigNode) throws(ConfigurationError) -> ServerSettings {
        var s = ServerSettings()
        for (name, v) in try node.mapping(allowed: allowed) {
            switch name {
            case "listen": (s.host, s.port) = try listen(v)
            case "cursorSecret":
                let secret = try v.nonEmptyString()
                if secret.utf8.count < 16 { throw .at(v.line, "\(v.path) must be at least 16 characters") }
                s.cursorSecret = secret
            case "loops": s.http.loopCount = try v.int(in: 0...256)
            case "maxRequestLineBytes": s.http.maxRequestLineBytes = try v.int(in: 256...1 << 20)
            case "maxHeaderLineBytes": s.http.maxHeaderLineBytes = try v.int(in: 256...1 << 20)
            case "maxHeaderBytes": s.http.maxHeaderBytes = try v.int(in: 1024...1 << 22)
            case "maxHeaderCount": s.http.maxHeaderCount = try v.int(in: 8...10_000)
            case "maxBodyBytes": s.http.maxBodyBytes = try v.int(in: 0...1 << 30)
            case "maxConnections": s.http.maxConnections = try v.int(in: 1...1_000_000)
            case "headerReadTimeoutSeconds": s.http.headerReadTimeout = .seconds(try v.seconds(max: 3600))
            case "bodyReadTimeoutSeconds": s.http.bodyReadTimeout = .seconds(try v.seconds(max: 3600))
            case "idleTimeoutSeconds": s.http.idleTimeout = .seconds(try v.seconds(max: 86_400))
            default: s.http.shutdownGrace = .seconds(try v.seconds(max: 3600))
            }
        }
        return s
    }

    /// `host:port` or `[v6]:port`.
    static func listen(_ v: ConfigNode) throws(ConfigurationError) -> (String, Int) {
        let text = try v.nonEmptyString()
        guard let colon = text.lastIndex(of: ":") else {
            throw .at(v.line, "\(v.path) must be host:port, got '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw .at(v.line, "\(v.path) must be host:port with a port in 0...65535, got '\(text)'")
        }
        return (host, port)
    }
}
