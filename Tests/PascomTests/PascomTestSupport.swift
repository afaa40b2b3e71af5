import Foundation
import PBXCore
import Synchronization
import Testing
import Upstream
@testable import Pascom

/// The docs' example payloads, copied verbatim into Fixtures/ (see Fixtures/README.md).
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return [UInt8](try Data(contentsOf: url))
    }

    static func object(_ name: String) throws -> PascomObject {
        try PascomBody.object(bytes(name), what: name)
    }

    static func list(_ name: String) throws -> [PascomObject] {
        try PascomBody.list(bytes(name)).map { try PascomObject($0, what: name) }
    }
}

extension PascomMapping {
    static let germany = PascomMapping(normalizer: PhoneNumberNormalizer(country: "DE"), timeZone: TimeZone(identifier: "Europe/Berlin")!)
}

func date(ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

func testContext(seconds: Int = 10) -> PBXContext {
    PBXContext(deadline: .now + .seconds(seconds), requestID: "test")
}

func testSettings(url: String = "https://pascom.cloud/acme/services/", options: [String: String] = [:]) -> TenantSettings {
    TenantSettings(id: "acme", vendor: "pascom", url: URL(string: url)!, username: "moby", password: "s3cret-pw",
                   country: "DE", timeZone: TimeZone(identifier: "Europe/Berlin")!, options: options)
}

/// A transport that records every request and answers with a handler; for unit tests of
/// URL building and status mapping (the simulator tests cover the real wire).
final class RecordingTransport: UpstreamTransport {
    private let log = Mutex<[UpstreamRequest]>([])
    let handler: @Sendable (UpstreamRequest) throws(UpstreamError) -> UpstreamResponse

    init(_ handler: @escaping @Sendable (UpstreamRequest) throws(UpstreamError) -> UpstreamResponse) { self.handler = handler }

    var requests: [UpstreamRequest] { log.withLock { $0 } }

    func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        log.withLock { $0.append(request) }
        return try handler(request)
    }
}

func makeAdapter(_ transport: RecordingTransport, options: [String: String] = [:]) throws -> PascomAdapter {
    try PascomAdapter.make(settings: testSettings(options: options), transport: transport, clock: SystemWallClock(), events: { _ in })
}

func json(_ s: String, status: Int = 200) -> UpstreamResponse {
    UpstreamResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(s.utf8))
}
