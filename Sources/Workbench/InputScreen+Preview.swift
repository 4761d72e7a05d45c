import Foundation
import Workspaces

/// Drawing "what the model sees": each preview batch's raw rows on the left, the feature columns' outputs beside them.
extension InputScreen {
    static func drawPreview(_ s: State, _ r: Rect, _ c: inout Canvas, _ g: Glyphs) {
        let batches = s.preview?.batches.count ?? 0
        c.box(r, title: "what the model sees · \(batches) batch(es) after shuffle, batch and feature columns · h/l scroll",
              style: Style(fg: .role(.inputBox)), titleStyle: .role(.title, bold: true), glyphs: g)
        let inner = r.inset(1)
        guard inner.height > 0, inner.width > 20 else { return }
        if let e = s.previewError {
            c.put("✗ " + e, x: inner.x, y: inner.y, style: .role(.statusError, bold: true), maxWidth: inner.width)
            return
        }
        guard let p = s.preview else {
            c.put("computing the first batches…", x: inner.x, y: inner.y, style: .role(.inactiveFg))
            return
        }
        let rawWidth = min(inner.width / 4, max(12, p.rawNames.joined(separator: ",").count))
        var y = inner.y
        for (b, batch) in p.batches.enumerated() {
            guard y < inner.maxY else { break }
            let outputs = Array(batch.columns.dropFirst(min(s.previewOffset, max(0, batch.columns.count - 1))))
            let widths = outputs.map { o in min(24, max(o.name.count, o.cells.map(\.count).max() ?? 0) + 2) }
            c.put("batch \(b + 1) · \(batch.raw.count) rows", x: inner.x, y: y, style: Style(fg: .role(.title), bold: true))
            var x = inner.x + rawWidth + 1
            c.put(p.rawNames.joined(separator: ","), x: inner.x, y: y + 1, style: .role(.inactiveFg), maxWidth: rawWidth)
            for (o, w) in zip(outputs, widths) where x < inner.maxX {
                c.put(o.name, x: x, y: y + 1, style: Style(fg: .role(.graphText), bold: true), maxWidth: min(w - 1, inner.maxX - x))
                x += w
            }
            y += 2
            for (i, raw) in batch.raw.enumerated() {
                guard y < inner.maxY else { break }
                c.put(raw.joined(separator: ","), x: inner.x, y: y, style: .plain, maxWidth: rawWidth)
                var x = inner.x + rawWidth + 1
                for (o, w) in zip(outputs, widths) where x < inner.maxX {
                    let cell = o.cells[i]
                    c.put(cell, x: x, y: y, style: cell.contains("oov") ? .role(.statusWarn, bold: true) : .role(.hiFg),
                          maxWidth: min(w - 1, inner.maxX - x))
                    x += w
                }
                y += 1
            }
        }
    }
}
