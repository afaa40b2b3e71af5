import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Upstream

/// Foundation's HTTP client behind `UpstreamTransport`, used only until the libcurl
/// `CurlClient` is on main; then this file goes away.
public final class InterimTransport: UpstreamTransport {
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    public func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        let host = URL(string: request.url)?.host ?? ""
        let path = URL(string: request.url)?.path ?? ""
        func fail(_ kind: UpstreamError.Kind) -> UpstreamError { UpstreamError(kind, method: request.method, host: host, path: path) }
        guard let url = URL(string: request.url), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else { throw fail(.invalidURL) }
        var r = URLRequest(url: url)
        r.httpMethod = request.method
        r.timeoutInterval = Double(request.timeout.components.seconds) + Double(request.timeout.components.attoseconds) / 1e18
        for (name, value) in request.headers { r.addValue(value, forHTTPHeaderField: name) }
        if let (user, password) = request.basicAuth {
            r.setValue("Basic " + Data("\(user):\(password)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        }
        if let body = request.body { r.httpBody = Data(body) }
        do {
            let (data, response) = try await session.data(for: r)
            guard let http = response as? HTTPURLResponse else { throw fail(.malformedResponse) }
            let headers = http.allHeaderFields.compactMap { k, v in (k as? String).map { (name: $0, value: "\(v)") } }
            return UpstreamResponse(status: http.statusCode, headers: headers, body: [UInt8](data))
        } catch let e as UpstreamError {
            throw e
        } catch let e as URLError {
            switch e.code {
            case .timedOut: throw fail(.timeout)
            case .cannotConnectToHost: throw fail(.connectionRefused)
            case .cannotFindHost: throw fail(.couldNotResolve)
            case .networkConnectionLost: throw fail(.connectionClosed)
            case .cancelled: throw fail(.cancelled)
            default: throw fail(.other("URL error \(e.code.rawValue)"))
            }
        } catch {
            throw fail(.other("transport failure"))
        }
    }
}
