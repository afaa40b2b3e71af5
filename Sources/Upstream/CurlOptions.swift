import CCurl

/// Typed `curl_easy_setopt` for one handle that remembers the first option libcurl refused,
/// instead of trapping like a `try!` would. String options are copied by libcurl.
struct CurlOptions {
    private let handle: UnsafeMutableRawPointer
    private(set) var firstFailure: String?

    init(_ handle: UnsafeMutableRawPointer) { self.handle = handle }

    mutating func set(_ option: CURLoption, _ value: Int, _ name: String) {
        record(sb_easy_setopt_long(handle, option, value), name)
    }

    mutating func set(_ option: CURLoption, offset value: curl_off_t, _ name: String) {
        record(sb_easy_setopt_off(handle, option, value), name)
    }

    mutating func set(_ option: CURLoption, string value: String, _ name: String) {
        record(value.withCString { sb_easy_setopt_ptr(handle, option, $0) }, name)
    }

    mutating func set(_ option: CURLoption, pointer value: UnsafeRawPointer?, _ name: String) {
        record(sb_easy_setopt_ptr(handle, option, value), name)
    }

    mutating func record(_ code: CURLcode, _ name: String) {
        if code != CURLE_OK, firstFailure == nil {
            firstFailure = "libcurl refused CURLOPT_\(name): \(String(cString: curl_easy_strerror(code)))"
        }
    }
}
