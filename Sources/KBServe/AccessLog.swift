import Foundation

/// `kb serve --access-log FILE`: one line per request — the time it was answered (UTC), the
/// method, the path with its query as the client sent it, the status and the milliseconds the
/// server took — for measuring each path's latency under load (wrk reports none per path;
/// `Benchmarks/serve-load.sh` reads this file).
///
/// Written off the request path: a request only appends its line to a buffer under a lock; a
/// background queue writes the buffer out when it holds 64 KB, at least once a second, and on
/// ``close()``. A line is never split across two writes.
public final class AccessLog: @unchecked Sendable {
    private let handle: FileHandle
    private let queue = DispatchQueue(label: "kb.serve.access-log", qos: .utility)
    private let lock = NSLock()
    private var buffer = Data()
    private var isClosed = false
    private var timer: (any DispatchSourceTimer)?
    /// Buffered bytes that make a write happen before the next tick.
    static let flushBytes = 64 * 1024

    /// Opens `path` for appending (creating it).
    /// - Throws: ``AccessLogError`` when the file cannot be created or opened.
    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw AccessLogError(message: "cannot create the access log \(path)")
            }
        }
        do {
            handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
        } catch {
            throw AccessLogError(message: "cannot open the access log \(path) for writing")
        }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.resume()
        self.timer = timer
    }

    deinit {
        timer?.cancel()
    }

    /// Adds a request's line. Cheap: no I/O on the caller's thread.
    public func record(method: String, target: String, status: Int, milliseconds: Double, at date: Date = Date()) {
        let line = Self.line(method: method, target: target, status: status, milliseconds: milliseconds, at: date)
        lock.lock()
        let closed = isClosed
        if !closed { buffer.append(contentsOf: line.utf8) }
        let full = buffer.count >= Self.flushBytes
        lock.unlock()
        if full && !closed { queue.async { [weak self] in self?.flush() } }
    }

    /// Writes out what is buffered and stops taking lines (at shutdown).
    public func close() {
        queue.sync {
            flush()
            lock.lock()
            isClosed = true
            lock.unlock()
            timer?.cancel()
            try? handle.synchronize()
        }
    }

    /// Writes out what is buffered now (on the log's queue, or synchronously from a test).
    public func flushNow() {
        queue.sync { flush() }
    }

    private func flush() {
        lock.lock()
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        lock.unlock()
        guard !pending.isEmpty else { return }
        // A failed write (disk full) loses those lines, never a request.
        try? handle.write(contentsOf: pending)
    }

    /// `2026-11-30T12:00:00.123Z GET /query?q=claims 200 12.3\n`. The target is as the client
    /// sent it (percent-encoded, so without spaces); any space or control character in it is
    /// escaped all the same, so that one request is always one line of four fields after the time.
    static func line(method: String, target: String, status: Int, milliseconds: Double, at date: Date) -> String {
        "\(timestamp(date)) \(escaped(method)) \(escaped(target)) \(status) \(String(format: "%.1f", milliseconds))\n"
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value <= 0x20 || scalar.value == 0x7F {
                out += String(format: "%%%02X", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out.isEmpty ? "-" : out
    }

    static func timestamp(_ date: Date) -> String {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC") ?? .current)
        return date.formatted(style)
    }
}

/// The access log could not be opened.
public struct AccessLogError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
