// refpose-render-svg: renders the SVG drawings listed in a sources.tsv to PNGs for labelling
// (data/openclipart/sources.tsv: id, svg path under --svg-root, author, title, licence).
//
//   refpose-render-svg --list sources.tsv --svg-root /usr/share/openclipart/svg --out DIR [--height 768]
//
// Each row becomes DIR/<id>.png. A missing or unparsable SVG is skipped with a message, and the
// exit status is then 1. Needs no display: it runs on Qt's offscreen platform.

#include "SvgRendering.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QTextStream>

#include <cstdio>

namespace {

struct Source {
    QString id;
    QString svgPath;  // relative to --svg-root
};

QTextStream& err() {
    static QTextStream stream(stderr);
    return stream;
}

// Rows of the TSV after its header ("id" first); blank lines and # comments are skipped.
bool readSources(const QString& listPath, QList<Source>& sources) {
    QFile file(listPath);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        err() << "cannot read " << listPath << ": " << file.errorString() << Qt::endl;
        return false;
    }
    int lineNumber = 0;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        ++lineNumber;
        if (line.isEmpty() || line.startsWith('#') || line.startsWith(QStringLiteral("id\t"))) continue;
        const QStringList fields = line.split('\t');
        if (fields.size() < 2 || fields[0].isEmpty() || fields[1].isEmpty()) {
            err() << listPath << ":" << lineNumber << ": expected id<TAB>svg path" << Qt::endl;
            return false;
        }
        sources.append({fields[0], fields[1]});
    }
    return true;
}

// Renders every source; returns how many failed.
int renderAll(const QList<Source>& sources, const QDir& svgRoot, const QDir& outDir, int height) {
    int failures = 0;
    for (const Source& source : sources) {
        const QString svgPath = svgRoot.filePath(source.svgPath);
        const auto rendered = refpose::svg::renderSvg(svgPath, height);
        QString error = rendered.error;
        if (error.isEmpty())
            error = refpose::svg::savePngAtomically(rendered.image, outDir.filePath(source.id + ".png"));
        if (!error.isEmpty()) {
            err() << "skipped " << source.id << " (" << svgPath << "): " << error << Qt::endl;
            ++failures;
        }
    }
    return failures;
}

}  // namespace

int main(int argc, char** argv) {
    // Rendering needs a QGuiApplication (fonts for <text>) but never a screen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationVersion(QStringLiteral(REFPOSE_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription("Renders the SVGs listed in a sources.tsv to <id>.png on white.");
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listOption("list", "TSV of id and svg path (header line \"id\\t...\").", "tsv");
    const QCommandLineOption rootOption("svg-root", "Folder the svg paths are relative to.", "dir");
    const QCommandLineOption outOption("out", "Folder for the PNGs (created if absent).", "dir");
    const QCommandLineOption heightOption("height", "Image height in pixels (width follows, at most 3x).", "px", "768");
    parser.addOptions({listOption, rootOption, outOption, heightOption});
    parser.process(app);

    if (!parser.isSet(listOption) || !parser.isSet(rootOption) || !parser.isSet(outOption)) {
        err() << "--list, --svg-root and --out are required (see --help)" << Qt::endl;
        return 2;
    }
    bool heightOk = false;
    const int height = parser.value(heightOption).toInt(&heightOk);
    if (!heightOk || height < 16 || height > 8192) {
        err() << "--height must be a whole number of pixels from 16 to 8192" << Qt::endl;
        return 2;
    }
    QList<Source> sources;
    if (!readSources(parser.value(listOption), sources)) return 2;
    const QDir outDir(parser.value(outOption));
    if (!QDir().mkpath(outDir.path())) {
        err() << "cannot create " << outDir.path() << Qt::endl;
        return 2;
    }
    const int failures = renderAll(sources, QDir(parser.value(rootOption)), outDir, height);
    std::printf("rendered %lld of %lld SVGs into %s\n", static_cast<long long>(sources.size() - failures),
                static_cast<long long>(sources.size()), qPrintable(outDir.path()));
    return failures == 0 ? 0 : 1;
}
