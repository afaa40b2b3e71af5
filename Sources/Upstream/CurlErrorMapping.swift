import CCurl

/// CURLcode → the few failures a caller must tell apart. Free text from libcurl is used only
/// for TLS reasons; everything else is a fixed string so no URL, query or header can leak.
enum CurlErrorMapping {
    static func kind(for code: CURLcode, transfer: CurlTransfer) -> UpstreamError.Kind {
        if let reason = transfer.abortReason { return reason }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotResolve
        case CURLE_COULDNT_CONNECT:
            return .connectionRefused
        case CURLE_OPERATION_TIMEDOUT:
            return transfer.connected ? .timeout : .connectTimeout
        case CURLE_FILESIZE_EXCEEDED:
            return .responseTooLarge(limit: transfer.request.maxResponseBytes)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_INVALIDCERTSTATUS,
             CURLE_SSL_CLIENTCERT, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED:
            return .tls(reason: tlsReason(code, transfer: transfer))
        case CURLE_UNSUPPORTED_PROTOCOL:
            // The scheme was checked before the transfer started, so this is libcurl refusing
            // what came back (e.g. "HTTP/0.9 when not allowed": bytes that are not HTTP).
            return .malformedResponse
        case CURLE_URL_MALFORMAT:
            return .invalidURL
        case CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING, CURLE_HTTP2,
             CURLE_HTTP2_STREAM, CURLE_HTTP3, CURLE_QUIC_CONNECT_ERROR:
            return .malformedResponse
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_SEND_ERROR:
            return .connectionClosed
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
        default:
            return .other("libcurl error \(code.rawValue): \(String(cString: curl_easy_strerror(code)))")
        }
    }

    private static func tlsReason(_ code: CURLcode, transfer: CurlTransfer) -> String {
        let text = transfer.errorText
        return text.isEmpty ? String(cString: curl_easy_strerror(code)) : text
    }
}
