import Hummingbird

/// Responses with their content types.
enum Responses {
    static func html(_ page: HTML, status: Int = 200, headers: HTTPFields = [:]) -> Response {
        text(page.rendered, contentType: "text/html; charset=utf-8", status: status, headers: headers)
    }

    static func json(_ body: String, status: Int = 200, headers: HTTPFields = [:]) -> Response {
        text(body, contentType: "application/json; charset=utf-8", status: status, headers: headers)
    }

    static func text(_ body: String, contentType: String, status: Int = 200, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: "no-store"]
        for field in extra { headers[field.name] = field.value }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.location: location]
        headers.append(contentsOf: extra)
        return Response(status: .seeOther, headers: headers)
    }
}
