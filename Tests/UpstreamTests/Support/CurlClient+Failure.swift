@testable import Upstream

extension CurlClient {
    /// The error a request ends in, or nil when it got a response.
    func failure(_ request: UpstreamRequest) async -> UpstreamError? {
        do {
            _ = try await send(request)
            return nil
        } catch {
            return error
        }
    }
}
