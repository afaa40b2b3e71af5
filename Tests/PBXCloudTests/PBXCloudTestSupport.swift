import Foundation
import PBXCore
import Synchronization
import Testing
import Upstream
@testable import PBXCloud

enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/\(name)")
        return Array(try Data(contentsOf: url))
    }

    /// A fixture read exactly as the client reads a vendor answer.
    static func rows(_ name: String, contentType: String = "application/json") throws -> PBXCloudRows {
        let response = UpstreamResponse(status: 200, headers: [("Content-Type", contentType)], body: try bytes(name))
        guard case .rows(let rows) = try PBXCloudClient.classify(response, operation: "test", expect: .rows) else {
            Issue.record("fixture \(name) read as no rows")
            return PBXCloudRows(json: .array([]))
        }
        return rows
    }
}

extension TimeZone {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let utc = TimeZone(identifier: "UTC")!
}

/// "2024-01-15 09:58:17" in `zone` as a Date, computed independently of the code under test.
func date(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, in zone: TimeZone = .utc) -> Date {
    var c = Calendar(identifier: .gregorian)
    c.timeZone = zone
    return c.date(from: DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s))!
}

func settings(url: String = "https://portal.example.eu/pbx/proxyapi.php", apiKey: String? = "K3y-s3cr3t-canary",
              vendorTenant: String? = "DEMO", options: [String: String] = [:]) -> TenantSettings {
    TenantSettings(id: "delta", vendor: "pbxcloud", url: URL(string: url)!, apiKey: apiKey, vendorTenant: vendorTenant,
                   country: "DE", timeZone: .berlin, options: options)
}

/// Records what the client sends and answers with a fixed vendor response.
final class RecordingTransport: UpstreamTransport {
    private let sent = Mutex<[UpstreamRequest]>([])
    let answer: @Sendable (UpstreamRequest) -> UpstreamResponse

    init(answer: @escaping @Sendable (UpstreamRequest) -> UpstreamResponse) { self.answer = answer }

    var requests: [UpstreamRequest] { sent.withLock { $0 } }

    func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        sent.withLock { $0.append(request) }
        return answer(request)
    }
}

func context(seconds: Int = 10) -> PBXContext {
    PBXContext(deadline: .now + .seconds(seconds), requestID: "test")
}
