import Foundation
import PBXCore
import Upstream

/// The vendor endpoints of MiRTA's `proxyapi.php`: every operation is one GET (PHONEBOOK add:
/// POST) to the configured URL with `reqtype`, `tenant` and `key` in the query.
///
/// Every answer passes through `classify` — the one place that knows MiRTA's habits: errors
/// come as HTTP 200 with the text `Too bad... you mistaken the security api key.`, "no rows"
/// is a 0-byte body (even with `format=json`), JSON may be `null` or a lone `]`, and the
/// `Content-Type` follows `format`, not the body. The key never leaves this type: operations
/// are named by reqtype only, errors carry no URL, events no query.
public struct PBXCloudClient: Sendable {
    public let configuration: PBXCloudConfiguration
    let transport: any UpstreamTransport
    let events: @Sendable (AdapterEvent) -> Void

    public init(configuration: PBXCloudConfiguration, transport: any UpstreamTransport,
                events: @escaping @Sendable (AdapterEvent) -> Void) {
        self.configuration = configuration
        self.transport = transport
        self.events = events
    }

    /// What a caller expects back; decides how the body is read.
    enum Expect { case rows, text, audio }

    enum Answer {
        case empty
        case rows(PBXCloudRows)
        case text(String)
        case audio(contentType: String, bytes: [UInt8])
    }

    // MARK: Endpoints

    public func cdrs(from start: Date, to end: Date, context: PBXContext) async throws(PBXError) -> [PBXCloudCDR] {
        let tz = configuration.timeZone
        return try await rows("INFO", [("info", "cdrs"), ("start", PBXCloudTime.format(start, timeZone: tz)),
                                       ("end", PBXCloudTime.format(end, timeZone: tz))], context: context).rows.map(PBXCloudCDR.init)
    }

    /// `INFO info=call`: one call by unique id or by the id DIAL returned.
    public func call(id: String, context: PBXContext) async throws(PBXError) -> PBXCloudCDR? {
        try Self.validateID(id, what: "call id")
        return try await rows("INFO", [("info", "call"), ("id", id)], context: context).rows.first.map(PBXCloudCDR.init)
    }

    public func channels(context: PBXContext) async throws(PBXError) -> [PBXCloudChannel] {
        try await rows("CHANNELS", [], context: context).rows.map(PBXCloudChannel.init)
    }

    /// `DIAL`: rings `source`, then connects `dest`. The answer is pipe text with the id.
    /// `account` (a peer such as `101-DEMO`) makes the call come from that device.
    public func dial(source: String, dest: String, account: String? = nil, context: PBXContext) async throws(PBXError) -> PBXCloudPipeAnswer {
        try Self.validateID(source, what: "from")
        try Self.validateID(dest, what: "to")
        var params = [("source", source), ("dest", dest)]
        if let account {
            try Self.validateID(account, what: "device")
            params.append(("account", account))
        }
        return try await action("DIAL", params, context: context)
    }

    public func hangup(channel: String, context: PBXContext) async throws(PBXError) {
        _ = try await action("HANGUP", [("channel", channel)], context: context)
    }

    public func transfer(channel: String, dest: String, context: PBXContext) async throws(PBXError) {
        try Self.validateID(dest, what: "to")
        _ = try await action("TRANSFER", [("channel", channel), ("dest", dest)], context: context)
    }

    public func extensions(context: PBXContext) async throws(PBXError) -> [PBXCloudExtension] {
        try await rows("INFO", [("info", "extensions")], context: context).rows.map(PBXCloudExtension.init)
    }

    public func queues(context: PBXContext) async throws(PBXError) -> [PBXCloudQueue] {
        try await rows("INFO", [("info", "queues")], context: context).rows.map(PBXCloudQueue.init)
    }

    public func queue(id: String, context: PBXContext) async throws(PBXError) -> PBXCloudQueue? {
        try Self.validateID(id, what: "queue id")
        return try await rows("INFO", [("info", "queue"), ("id", id)], context: context).rows.first.map(PBXCloudQueue.init)
    }

    /// Nil when MiRTA answers `null`, its answer for an unknown queue.
    public func agents(queue: String, context: PBXContext) async throws(PBXError) -> [PBXCloudAgent]? {
        try Self.validateID(queue, what: "queue id")
        let result = try await rows("INFO", [("info", "agents"), ("queue", queue)], context: context)
        if result.isNull { return nil }
        return zip(result.keys, result.rows).map { PBXCloudAgent(key: $0, $1) }
    }

    public func agent(_ action: String, agent: String, queue: String, reason: String?, context: PBXContext) async throws(PBXError) {
        try Self.validateID(agent, what: "agent id")
        try Self.validateID(queue, what: "queue id")
        var params = [("extension", agent), ("queue", queue), ("action", action)]
        if let reason { params.append(("pausereason", reason)) }
        _ = try await self.action("AGENT", params, context: context)
    }

    /// `PHONEBOOK subreqtype=query`; `%` in `value` is MiRTA's wildcard.
    public func phonebookQuery(field: String, value: String, context: PBXContext) async throws(PBXError) -> [PBXCloudPhonebookEntry] {
        try await rows("PHONEBOOK", [("phonebook", configuration.phonebook), ("subreqtype", "query"),
                                     ("field", field), ("value", value)], context: context).rows.map(PBXCloudPhonebookEntry.init)
    }

    /// `PHONEBOOK subreqtype=add` with `values` as a POST field (it may be long).
    public func phonebookAdd(values: [String: String], context: PBXContext) async throws(PBXError) -> PBXCloudPipeAnswer {
        let json = (try? JSONSerialization.data(withJSONObject: values, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return try await action("PHONEBOOK", [("phonebook", configuration.phonebook), ("subreqtype", "add")],
                                form: [("values", json)], context: context)
    }

    public func phonebookDelete(peid: String, context: PBXContext) async throws(PBXError) {
        try Self.validateID(peid, what: "contact id")
        _ = try await action("PHONEBOOK", [("phonebook", configuration.phonebook), ("subreqtype", "delete"), ("peid", peid)], context: context)
    }

    public func mailboxes(context: PBXContext) async throws(PBXError) -> [PBXCloudMailbox] {
        try await rows("VOICEMAIL", [("action", "list")], context: context).rows.map(PBXCloudMailbox.init)
    }

    public func messages(mailbox: String, context: PBXContext) async throws(PBXError) -> [PBXCloudVoicemailMessage] {
        try Self.validateID(mailbox, what: "box id")
        return try await rows("VOICEMAIL", [("action", "messages"), ("mailbox", mailbox)], context: context).rows.map(PBXCloudVoicemailMessage.init)
    }

    /// Nil for a 0-byte answer (unknown message).
    public func messageAudio(mailbox: String, msgid: String, context: PBXContext) async throws(PBXError) -> VoicemailAudio? {
        try Self.validateID(mailbox, what: "box id")
        try Self.validateID(msgid, what: "message id")
        switch try await send("VOICEMAIL", [("action", "message"), ("mailbox", mailbox), ("msgid", msgid)], expect: .audio, context: context) {
        case .audio(let type, let bytes): return VoicemailAudio(contentType: type, bytes: bytes)
        default: return nil
        }
    }

    public func deleteMessage(mailbox: String, msgid: String, context: PBXContext) async throws(PBXError) {
        try Self.validateID(mailbox, what: "box id")
        try Self.validateID(msgid, what: "message id")
        _ = try await action("VOICEMAIL", [("action", "delete"), ("mailbox", mailbox), ("msgid", msgid)], context: context)
    }

    public func peers(context: PBXContext) async throws(PBXError) -> [PBXCloudPeer] {
        try await rows("PEERS", [], context: context).rows.map(PBXCloudPeer.init)
    }

    public func dids(context: PBXContext) async throws(PBXError) -> [PBXCloudDID] {
        try await rows("INFO", [("info", "dids")], context: context).rows.map(PBXCloudDID.init)
    }

    // MARK: Plumbing

    /// Ids travel as query values; still, refuse what no vendor id looks like before
    /// anything is sent (path tricks, control characters, absurd lengths).
    public static func validateID(_ id: String, what: String) throws(PBXError) {
        if id.isEmpty || id.count > 200 || id.containsASCII("/") || id.containsASCII("..")
            || id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalidInput("\(what) is not a valid PBX Cloud identifier")
        }
    }

    func rows(_ reqtype: String, _ params: [(String, String)], context: PBXContext) async throws(PBXError) -> PBXCloudRows {
        switch try await send(reqtype, params, expect: .rows, context: context) {
        case .rows(let rows): return rows
        default: return PBXCloudRows(json: .array([]))
        }
    }

    /// Action requests answer pipe text; anything but `Success|…` is a vendor refusal.
    func action(_ reqtype: String, _ params: [(String, String)], form: [(String, String)]? = nil,
                context: PBXContext) async throws(PBXError) -> PBXCloudPipeAnswer {
        let op = Self.operationName(reqtype, params)
        guard case .text(let text) = try await send(reqtype, params, form: form, expect: .text, context: context) else {
            throw .upstream(status: 200, detail: "PBX Cloud gave an empty answer to \(op)")
        }
        let answer = PBXCloudPipeAnswer(text: text)
        guard answer.isSuccess else {
            let reason = answer.fields.count > 1 ? Self.summary(answer.fields[1]) : "no reason given"
            throw .upstream(status: 200, detail: "PBX Cloud refused \(op): \(reason)")
        }
        return answer
    }

    func send(_ reqtype: String, _ params: [(String, String)], form: [(String, String)]? = nil,
              expect: Expect, context: PBXContext) async throws(PBXError) -> Answer {
        let op = Self.operationName(reqtype, params)
        let remaining = context.remaining
        guard remaining > .zero else { throw .timeout("no time left for \(op)") }
        var query: [(String, String)] = [("reqtype", reqtype), ("tenant", configuration.vendorTenant), ("key", configuration.apiKey)]
        if expect == .rows { query.append(("format", "json")) }
        query += params
        let base = configuration.endpoint.absoluteString
        var request = UpstreamRequest(method: form == nil ? "GET" : "POST",
                                      url: base + (base.contains("?") ? "&" : "?") + Self.encode(query),
                                      connectTimeout: min(.seconds(3), remaining), timeout: remaining,
                                      tls: UpstreamTLS(caFile: configuration.caFile))
        if let form {
            request.headers = [("Content-Type", "application/x-www-form-urlencoded")]
            request.body = Array(Self.encode(form).utf8)
        }
        let started = ContinuousClock.now
        let response: UpstreamResponse
        do {
            response = try await transport.send(request)
        } catch {
            events(.upstreamCall(tenant: configuration.tenantID, operation: op, status: nil, seconds: Self.seconds(since: started)))
            throw Self.map(error, operation: op)
        }
        events(.upstreamCall(tenant: configuration.tenantID, operation: op, status: response.status, seconds: Self.seconds(since: started)))
        return try Self.classify(response, operation: op, expect: expect)
    }

    /// The one reading of a MiRTA answer.
    static func classify(_ response: UpstreamResponse, operation op: String, expect: Expect) throws(PBXError) -> Answer {
        guard (200..<300).contains(response.status) else {
            throw .upstream(status: response.status, detail: "PBX Cloud answered HTTP \(response.status) to \(op)")
        }
        let body = response.body
        var start = 0, end = body.count
        while start < end, body[start] == 0x20 || body[start] == 0x0a || body[start] == 0x0d || body[start] == 0x09 { start += 1 }
        while end > start, body[end - 1] == 0x20 || body[end - 1] == 0x0a || body[end - 1] == 0x0d || body[end - 1] == 0x09 { end -= 1 }
        let trimmed = body[start..<end]
        if trimmed.starts(with: Array("Too bad".utf8)) {
            throw .authenticationFailed("PBX Cloud refused the API key or tenant code for \(op) (\"Too bad... you mistaken the security api key.\")")
        }
        if trimmed.isEmpty { return .empty }
        switch expect {
        case .rows:
            // QUEUELOGS-style empty answers are a lone `]`.
            if trimmed.elementsEqual([UInt8(ascii: "]")]) { return .empty }
            guard trimmed.first == UInt8(ascii: "[") || trimmed.first == UInt8(ascii: "{") || trimmed.elementsEqual(Array("null".utf8)),
                  let json = try? JSONValue(parsing: Array(trimmed)) else {
                throw .upstream(status: response.status, detail: "PBX Cloud answered \(op) with something that is not JSON (\(body.count) bytes)")
            }
            return .rows(PBXCloudRows(json: json))
        case .text:
            guard let text = String(validating: trimmed, as: UTF8.self), !text.contains("\u{0}") else {
                throw .upstream(status: response.status, detail: "PBX Cloud answered \(op) with unreadable bytes")
            }
            return .text(text)
        case .audio:
            let type = response.header("Content-Type")?.lowercased() ?? ""
            if body.starts(with: Array("RIFF".utf8)) { return .audio(contentType: type.hasPrefix("audio/") ? type : "audio/wav", bytes: body) }
            guard type.hasPrefix("audio/") || type == "application/octet-stream" else {
                throw .upstream(status: response.status, detail: "PBX Cloud answered \(op) with something that is not audio")
            }
            return .audio(contentType: type == "application/octet-stream" ? "audio/wav" : type, bytes: body)
        }
    }

    static func map(_ error: UpstreamError, operation op: String) -> PBXError {
        switch error.kind {
        case .timeout, .connectTimeout, .cancelled: .timeout("PBX Cloud did not answer \(op) in time")
        case .connectionRefused, .couldNotResolve: .unavailable("PBX Cloud unreachable for \(op) (\(error.kindName))")
        case .tls: .unavailable("PBX Cloud TLS failure for \(op)")
        default: .upstream(status: nil, detail: "PBX Cloud transport failure for \(op) (\(error.kindName))")
        }
    }

    /// `reqtype=INFO info=cdrs`: the name used in events and errors. Never the key, never
    /// user-supplied values.
    static func operationName(_ reqtype: String, _ params: [(String, String)]) -> String {
        var name = "reqtype=\(reqtype)"
        for (k, v) in params where k == "info" || k == "action" || k == "subreqtype" { name += " \(k)=\(v)" }
        return name
    }

    /// A vendor reason, cut short and stripped to harmless characters.
    static func summary(_ text: String) -> String {
        let clean = text.unicodeScalars.filter { $0.properties.isAlphabetic || $0 == " " || ("0"..."9").contains($0) }
        return String(String.UnicodeScalarView(clean.prefix(60)))
    }

    static func encode(_ items: [(String, String)]) -> String {
        items.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xf)]], as: UTF8.self)
            }
        }
        return out
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
