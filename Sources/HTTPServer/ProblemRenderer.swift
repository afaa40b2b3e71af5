/// The one place where errors become responses (`application/problem+json`, RFC 9457).
public enum ProblemRenderer {
    public static func response(for error: any Error, requestID: String) -> HTTPResponse {
        let problem = (error as? HTTPError) ?? HTTPError(
            .internalServerError, slug: "internal-error", title: "Internal server error",
            detail: "The request could not be completed.")
        var headers = problem.headers
        headers.set("Content-Type", "application/problem+json")
        if problem.status.code == 401, !headers.contains("WWW-Authenticate") { headers.set("WWW-Authenticate", "Bearer") }
        return HTTPResponse(status: problem.status, headers: headers, body: Array(render(problem, requestID: requestID).utf8))
    }

    public static func render(_ p: HTTPError, requestID: String) -> String {
        var out = "{\"type\":\"/problems/\(escape(p.slug))\",\"title\":\"\(escape(p.title))\",\"status\":\(p.status.code),"
        out += "\"detail\":\"\(escape(p.detail))\",\"requestId\":\"\(escape(requestID))\""
        for key in p.extensions.keys.sorted() {
            out += ",\"\(escape(key))\":"
            switch p.extensions[key]! {
            case .string(let s): out += "\"\(escape(s))\""
            case .int(let i): out += String(i)
            case .bool(let b): out += b ? "true" : "false"
            }
        }
        return out + "}"
    }

    /// JSON string escaping without Foundation.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
