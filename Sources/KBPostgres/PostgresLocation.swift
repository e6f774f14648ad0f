import Foundation
import KBDomain
import KBStore

/// Where a PostgreSQL knowledge base lives: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB`
/// (or `postgres://`), the form libpq, psql and every PostgreSQL tool take (DESIGN §13).
/// `?sslmode=disable|prefer|require|verify-ca|verify-full` and `?sslrootcert=PATH|system` pick
/// TLS as libpq does (``PostgresConnector/tlsConfiguration(_:defaultRootCertificate:)``);
/// `?host=/run/postgresql` reaches the server by its Unix socket. The password is never shown
/// (``redacted``).
public struct PostgresLocation: Sendable, Equatable {
    /// libpq's `sslmode`s (not `allow`, which tries the clear first).
    public enum TLSMode: String, Sendable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    /// A host name or address; nil with ``socketFolder``.
    public var host: String?
    public var port: Int
    /// The folder of the server's Unix socket (`.s.PGSQL.PORT` in it), when it is reached so.
    public var socketFolder: String?
    public var database: String
    public var tls: TLSMode
    /// `sslrootcert`: the file of the certificate authorities the server's certificate is checked
    /// against, or `system` (the system's trusted roots, for `verify-full` only); nil: libpq's
    /// default file, `~/.postgresql/root.crt`, when there is one.
    public var rootCertificate: String?

    /// `sslrootcert=system`: the system's trusted roots.
    public static let systemRoots = "system"

    /// Whether `text` names a PostgreSQL database rather than an SQLite file.
    public static func isLocation(_ text: String) -> Bool {
        StoreLocation.isPostgres(text)
    }

    public init(_ text: String) throws(PostgresLocationError) {
        guard Self.isLocation(text) else { throw .notAPostgresURL(text) }
        guard let components = URLComponents(string: text) else { throw .malformed(text, "it is not a URL") }
        guard let user = components.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw .malformed(text, "it names no user: write postgresql://USER@HOST:PORT/DB")
        }
        self.user = user
        password = components.percentEncodedPassword?.removingPercentEncoding
        let name = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !name.isEmpty, !name.contains("/") else {
            throw .malformed(text, "it names no database: write postgresql://USER@HOST:PORT/DB")
        }
        database = name
        port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw .malformed(text, "port \(port) is out of range") }
        tls = .prefer
        var modeGiven = false
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    throw .malformed(text, "sslmode must be disable, prefer, require, verify-ca or verify-full, not '\(item.value ?? "")'")
                }
                tls = mode
                modeGiven = true
            case "sslrootcert":
                guard let value = item.value, !value.isEmpty else {
                    throw .malformed(text, "sslrootcert= takes the file of the certificate authorities to trust, or system")
                }
                rootCertificate = value
            case "host":
                guard let folder = item.value, folder.hasPrefix("/") else {
                    throw .malformed(text, "host= takes the folder of the server's socket, e.g. host=/run/postgresql")
                }
                socketFolder = folder
            default:
                throw .malformed(text, "unknown parameter '\(item.name)' (kb takes sslmode, sslrootcert and host)")
            }
        }
        // As libpq 16: the system's roots vouch for any name a public authority certified, so
        // they are taken only with the host name checked too.
        if rootCertificate == Self.systemRoots {
            if !modeGiven { tls = .verifyFull }
            guard tls == .verifyFull else {
                throw .malformed(text, "sslrootcert=system takes sslmode=verify-full: the system's roots vouch for any name a public authority certified, so only the host name check makes them mean this server")
            }
        }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 }
        if host == nil, socketFolder == nil {
            throw .malformed(text, "it names no host: write postgresql://USER@HOST:PORT/DB")
        }
    }

    /// The location for messages: the password replaced by `***`.
    public var redacted: String {
        var text = "postgresql://\(user)\(password == nil ? "" : ":***")@\(host ?? "")"
        if socketFolder == nil || port != 5432 { text += ":\(port)" }
        text += "/\(database)"
        if let socketFolder { text += "?host=\(socketFolder)" }
        return text
    }

    /// The same server and user, another database: what tests and `createdb`-like steps use.
    public func with(database: String) -> PostgresLocation {
        var location = self
        location.database = database
        return location
    }
}

/// A `postgresql://` location kb cannot use, with what to write instead.
public enum PostgresLocationError: Error, Equatable, CustomStringConvertible {
    case notAPostgresURL(String)
    case malformed(String, String)

    public var description: String {
        switch self {
        case .notAPostgresURL(let text):
            "'\(text)' is not a PostgreSQL location (postgresql://USER@HOST:PORT/DB)"
        case .malformed(_, let reason):
            "the PostgreSQL location is not usable: \(reason)"
        }
    }
}

extension PostgresLocationError: SelfReportingError {
    public var isUsage: Bool { true }
    public var reportLine: String { "error: \(description)" }
}
