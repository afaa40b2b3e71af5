import Foundation
import HTTPServer
import Testing
import Upstream
@testable import Simulators

/// A fonial simulator on loopback port 0 and a libcurl client to talk to it.
struct FonialSimulatorHarness {
    let host: SimulatorHost
    let simulator: FonialSimulator
    let client = CurlClient()

    struct Answer {
        var status: Int
        var contentType: String?
        var json: FonialShapeJSON
    }

    static func with(_ settings: FonialSimulatorSettings, _ body: (FonialSimulatorHarness) async throws -> Void) async throws {
        let simulator = FonialSimulator(settings: settings)
        let host = SimulatorHost(simulator: simulator)
        try host.start()
        let harness = FonialSimulatorHarness(host: host, simulator: simulator)
        do {
            try await body(harness)
        } catch {
            await host.shutdown()
            throw error
        }
        await host.shutdown()
    }

    func post(_ path: String, _ body: String) async throws -> Answer {
        let response = try await client.send(UpstreamRequest(
            method: "POST", url: host.baseURL + path, headers: [("Content-Type", "application/json")],
            body: Array(body.utf8), timeout: .seconds(30)))
        let json = (try? FonialShapeJSON.parse(String(decoding: response.body, as: UTF8.self))) ?? .null
        return Answer(status: response.status, contentType: response.header("Content-Type"), json: json)
    }

    /// A fresh authenticated sid, through the docs' own session and authenticate requests.
    func login() async throws -> String {
        let sid = try #require(try await post("/session", docs("session-request")).json["sid"]?.string)
        let auth = try await post("/session/authenticate", docs("authenticate-request", sid: sid))
        try #require(auth.json["authenticated"] == .bool(true))
        return sid
    }

    /// A docs example (Tests/FonialTests/Fixtures) with its placeholder sid and, for EVN
    /// and journal, its window replaced.
    func docs(_ name: String, sid: String? = nil, start: String? = nil, end: String? = nil) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FonialTests/Fixtures/\(name).json")
        var text = try String(contentsOf: url, encoding: .utf8)
        if let sid { text = text.replacingOccurrences(of: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", with: sid) }
        if let start { text = text.replacingOccurrences(of: "2016-08-01 10:00:00", with: start) }
        if let end { text = text.replacingOccurrences(of: "2016-08-01 11:00:00", with: end) }
        return text
    }

    func docsAnswer(_ name: String) throws -> FonialShapeJSON { try FonialShapeJSON.parse(try docs(name)) }

    /// `start`/`end` covering the last `days` days (plus `ahead` seconds) in the simulator's zone.
    func lastDays(_ days: Int, ahead: TimeInterval = 0) -> (String, String) {
        let now = simulator.settings.now()
        return (local(now.addingTimeInterval(-Double(days) * 86_400)), local(now.addingTimeInterval(ahead)))
    }

    private func local(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = simulator.settings.timeZone
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: date)
    }
}

/// Parsed JSON that knows its shape: member names and value types, with arrays described
/// by their first element.
enum FonialShapeJSON: Equatable, Decodable {
    case null, bool(Bool), number(Double), string(String), array([FonialShapeJSON]), object([String: FonialShapeJSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([FonialShapeJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: FonialShapeJSON].self)) }
    }

    /// Foundation's parser on Linux accepts the trailing commas of the docs' examples.
    static func parse(_ text: String) throws -> FonialShapeJSON {
        try JSONDecoder().decode(FonialShapeJSON.self, from: Data(text.utf8))
    }

    subscript(key: String) -> FonialShapeJSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var array: [FonialShapeJSON]? { if case .array(let a) = self { a } else { nil } }

    var shape: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array(let a): "[" + (a.first?.shape ?? "") + "]"
        case .object(let o): "{" + o.keys.sorted().map { "\($0):\(o[$0]!.shape)" }.joined(separator: ",") + "}"
        }
    }
}
