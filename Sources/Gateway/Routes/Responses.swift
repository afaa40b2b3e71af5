import HTTPServer

/// Response helpers for the shapes API.md uses.
enum Responses {
    static let queued = JSONWriter.object { w in
        w.beginObject(); w.key("status"); w.string("queued"); w.endObject()
    }

    static func accepted() -> HTTPResponse { .json(queued, status: .accepted) }
    static func noContent() -> HTTPResponse { HTTPResponse(status: .noContent) }
}
