#include "QueryPanel.h"

#include "BodyPart.h"
#include "Plural.h"
#include "SkeletonCanvas.h"
#include "SkeletonState.h"
#include "retrieval/PoseDescriptor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QPainter>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QUndoGroup>
#include <QUndoStack>
#include <QVBoxLayout>

namespace refpose::ui {

namespace {
constexpr float kQueryBoxMargin = 0.1f;  // the drawn skeleton's box, like an estimated one
constexpr float kFitMargin = 0.12f;      // share of the canvas left around a loaded pose
constexpr int kImageTab = 0;
constexpr int kSkeletonTab = 1;
constexpr int kDropFrameWidth = 4;  // pixels of the highlight's border
constexpr int kDropFillAlpha = 40;  // the highlight's tint over the panel (of 255)

// The drop highlight: a tinted frame over the panel that lets every click through.
class DropFrame : public QWidget {
public:
    explicit DropFrame(QWidget* parent) : QWidget(parent) {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
        hide();
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        QColor fill = palette().color(QPalette::Highlight);
        fill.setAlpha(kDropFillAlpha);
        p.fillRect(rect(), fill);
        p.setPen(QPen(palette().color(QPalette::Highlight), kDropFrameWidth));
        p.drawRect(QRectF(rect()).adjusted(kDropFrameWidth / 2.0, kDropFrameWidth / 2.0, -kDropFrameWidth / 2.0,
                                           -kDropFrameWidth / 2.0));
        p.setPen(palette().color(QPalette::Text));
        const int margin = 4 * kDropFrameWidth;
        p.drawText(rect().adjusted(margin, margin, -margin, -rect().height() / 2), Qt::AlignCenter | Qt::TextWordWrap,
                   QueryPanel::tr("Drop an image to search with it, or a folder to add it to the library"));
    }
};
}  // namespace

Pose fitToCanvas(const Pose& pose) {
    const QRectF b = boundsOf(pose);
    if (b.isNull() && b.width() <= 0 && b.height() <= 0) return defaultStandingPose();
    const float availW = kDefaultFigureWidth * (1 - 2 * kFitMargin);
    const float availH = kDefaultFigureHeight * (1 - 2 * kFitMargin);
    const float s = float(std::min(availW / std::max<qreal>(b.width(), 1), availH / std::max<qreal>(b.height(), 1)));
    Pose out = pose;
    for (auto& k : out.kp) {
        if (!k.labelled()) continue;
        k.x = float((k.x - b.center().x()) * s + kDefaultFigureWidth / 2);
        k.y = float((k.y - b.center().y()) * s + kDefaultFigureHeight / 2);
        k.score = 1.f;
    }
    out.box = boxAroundKeypoints(out, 0.f);
    return out;
}

namespace {

// The standing figure placed over an image, filling most of its height (no character found).
Pose figureOver(const QSize& image) {
    const Pose figure = defaultStandingPose();
    const QRectF b = boundsOf(figure);
    const qreal s = std::min(image.width() * 0.8 / b.width(), image.height() * 0.8 / b.height());
    Pose out = scaled(figure, float(s));
    const QRectF placed = boundsOf(out);
    out = translated(out, float(image.width() / 2.0 - placed.center().x()),
                     float(image.height() / 2.0 - placed.center().y()));
    out.box = boxAroundKeypoints(out, 0.f);
    return out;
}

// The placed COCO joints an estimate is not confident of: the search leaves them out
// (retrieval/PoseDescriptor.h, kDefaultMinJointScore).
int countDoubtful(const Pose& pose) {
    int n = 0;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
        if (pose.kp[i].labelled() && pose.kp[i].score < kDefaultMinJointScore) ++n;
    return n;
}

}  // namespace

QueryPanel::QueryPanel(QUndoGroup* undoGroup, QWidget* parent) : QWidget(parent), group_(undoGroup) {
    imageUndo_ = new QUndoStack(this);
    skeletonUndo_ = new QUndoStack(this);
    group_->addStack(imageUndo_);
    group_->addStack(skeletonUndo_);
    imageCanvas_ = new SkeletonCanvas(imageUndo_, this);
    imageCanvas_->setObjectName(QStringLiteral("imageCanvas"));
    skeletonCanvas_ = new SkeletonCanvas(skeletonUndo_, this);
    skeletonCanvas_->setObjectName(QStringLiteral("skeletonCanvas"));
    // Until an image arrives, the image canvas shows nothing to drag.
    SkeletonState empty;
    empty.pose = Pose{};
    imageCanvas_->setStateWithoutUndo(empty);

    tabs_ = new QTabWidget(this);
    tabs_->addTab(makeImagePage(), tr("By image"));
    tabs_->addTab(makeSkeletonPage(), tr("By skeleton"));
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int i) {
        group_->setActiveStack(i == kImageTab ? imageUndo_ : skeletonUndo_);
        Q_EMIT queryChanged();
    });

    part_ = new QComboBox(this);
    for (BodyPart p : kAllBodyParts) part_->addItem(displayName(p), int(p));
    part_->setToolTip(tr("Search on one body part only; result thumbnails crop to it"));
    mirror_ = new QCheckBox(tr("Mirror"), this);
    mirror_->setChecked(true);
    mirror_->setToolTip(tr("Also find the pose mirrored left-right (Ctrl+M)"));
    rotation_ = new QCheckBox(tr("Any rotation"), this);
    rotation_->setChecked(true);
    rotation_->setToolTip(tr("On: any in-plane rotation matches. Off: prefer the same orientation (Ctrl+T)"));
    for (auto* box : {mirror_, rotation_}) connect(box, &QCheckBox::toggled, this, &QueryPanel::queryChanged);
    connect(part_, &QComboBox::currentIndexChanged, this, &QueryPanel::queryChanged);
    connect(part_, &QComboBox::currentIndexChanged, this, [this] {
        const JointFlags part = jointsOf(static_cast<BodyPart>(part_->currentData().toInt()));
        imageCanvas_->setHighlightedPart(part);
        skeletonCanvas_->setHighlightedPart(part);
    });
    // Before queryChanged: the first edit of an image without a character starts the search.
    connect(imageCanvas_, &SkeletonCanvas::stateChanged, this, [this] {
        if (!applyingEstimate_) awaitingEdit_ = false;
    });
    for (auto* c : {imageCanvas_, skeletonCanvas_})
        connect(c, &SkeletonCanvas::stateChanged, this, &QueryPanel::queryChanged);

    auto* options = new QHBoxLayout;
    options->addWidget(new QLabel(tr("Part:"), this));
    options->addWidget(part_);
    options->addWidget(mirror_);
    options->addWidget(rotation_);
    options->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs_, 1);
    layout->addLayout(options);
    group_->setActiveStack(imageUndo_);
    dropFrame_ = new DropFrame(this);
}

void QueryPanel::setDropHighlight(bool on) {
    dropFrame_->setGeometry(rect());
    dropFrame_->raise();
    dropFrame_->setVisible(on);
}

bool QueryPanel::dropHighlighted() const { return dropFrame_->isVisible(); }

void QueryPanel::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    dropFrame_->setGeometry(rect());
}

// The window may change after construction (docked, reparented): watch the current one.
void QueryPanel::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    if (window() == watchedWindow_ || window() == this) return;
    if (watchedWindow_) watchedWindow_->removeEventFilter(this);
    watchedWindow_ = window();
    watchedWindow_->installEventFilter(this);
}

// The window's drag events, seen before the window handles them: the same data the window
// accepts (files, folders, image data) lights the frame; leaving or dropping clears it.
bool QueryPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == watchedWindow_) {
        switch (event->type()) {
            case QEvent::DragEnter: {
                const QMimeData* mime = static_cast<QDragEnterEvent*>(event)->mimeData();
                setDropHighlight(mime && (mime->hasUrls() || mime->hasImage()));
                break;
            }
            case QEvent::DragLeave:
            case QEvent::Drop:
                setDropHighlight(false);
                break;
            default:
                break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QWidget* QueryPanel::makeImagePage() {
    auto* page = new QWidget(this);
    imageStatus_ = new QLabel(tr("Drop an image here, open one (Ctrl+O) or paste one (Ctrl+V). "
                                 "Drag a joint to correct the estimate."),
                              page);
    imageStatus_->setWordWrap(true);
    auto* open = new QPushButton(tr("Open image…"), page);
    connect(open, &QPushButton::clicked, this, &QueryPanel::openImageRequested);
    auto* row = new QHBoxLayout;
    row->addWidget(imageStatus_, 1);
    row->addWidget(open);
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(row);
    layout->addWidget(imageCanvas_, 1);
    return page;
}

QWidget* QueryPanel::makeSkeletonPage() {
    auto* page = new QWidget(this);
    auto* hint = new QLabel(tr("Drag a joint to turn its limb (Shift+drag stretches it); drag elsewhere to move, "
                               "Shift+drag to rotate, Ctrl+drag or wheel to scale; right-click a joint to switch "
                               "it off."),
                            page);
    hint->setWordWrap(true);
    auto* reset = new QPushButton(tr("Reset"), page);
    reset->setToolTip(tr("Back to the standing figure (Ctrl+R)"));
    connect(reset, &QPushButton::clicked, this, &QueryPanel::resetSkeleton);
    auto* row = new QHBoxLayout;
    row->addWidget(hint, 1);
    row->addWidget(reset);
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(row);
    layout->addWidget(skeletonCanvas_, 1);
    return page;
}

bool QueryPanel::imageMode() const { return tabs_->currentIndex() == kImageTab; }
void QueryPanel::showImageMode() { tabs_->setCurrentIndex(kImageTab); }
void QueryPanel::showSkeletonMode() { tabs_->setCurrentIndex(kSkeletonTab); }
bool QueryPanel::hasImage() const { return !imageCanvas_->background().isNull(); }

void QueryPanel::showEstimate(const QImage& image, const Pose& pose, const QString& source, const QString& sourcePath,
                              bool characterFound) {
    imageSource_ = sourcePath.toStdString();
    imageCanvas_->setBackground(image);
    imageUndo_->clear();  // the previous image's edits do not apply to this one
    SkeletonState s;
    s.pose = characterFound ? pose : figureOver(image.size());
    imageBox_ = s.pose.box;
    imageCanvas_->setBoxOverlay(characterFound ? std::optional(QRectF(pose.box.x, pose.box.y, pose.box.w, pose.box.h))
                                               : std::nullopt);
    awaitingEdit_ = !characterFound;
    applyingEstimate_ = true;
    imageCanvas_->setStateWithoutUndo(s);
    applyingEstimate_ = false;
    if (!characterFound)
        setImageStatus(tr("No character found in %1: drag the figure's joints onto the character; the search "
                          "starts with your first edit.")
                           .arg(source));
    else if (const int doubtful = countDoubtful(pose); doubtful > 0)
        setImageStatus(tr("%1: %2 below the confidence bar (dashed ring), left out of the search until dragged "
                          "into place.")
                           .arg(source, countOf(doubtful, tr("joint"), tr("joints"))));
    else
        setImageStatus(tr("%1: drag a joint to correct the estimate.").arg(source));
    showImageMode();
}

void QueryPanel::setImageStatus(const QString& text) { imageStatus_->setText(text); }

void QueryPanel::loadIntoSkeleton(const Pose& pose) {
    SkeletonState s;
    s.pose = fitToCanvas(pose);
    for (std::size_t i = 0; i < kNumKeypoints; ++i) s.enabled[i] = s.pose.kp[i].labelled();
    showSkeletonMode();
    skeletonCanvas_->setStateUndoable(s, tr("More like this"));
}

void QueryPanel::resetSkeleton() {
    SkeletonState s;
    s.pose = defaultStandingPose();
    skeletonCanvas_->setStateUndoable(s, tr("Reset figure"));
}

std::optional<PoseQuery> QueryPanel::currentQuery(std::size_t k) const {
    if (imageMode() && (!hasImage() || awaitingEdit_)) return std::nullopt;
    const SkeletonState& s = (imageMode() ? imageCanvas_ : skeletonCanvas_)->state();
    PoseQuery q;
    q.pose = s.pose;
    q.pose.box = imageMode() ? imageBox_ : boxAroundKeypoints(s.pose, kQueryBoxMargin);
    const auto part = static_cast<BodyPart>(part_->currentData().toInt());
    q.part = intersect(s.enabled, jointsOf(part));
    q.options.k = k;
    q.options.mirror = mirror_->isChecked();
    q.options.orientation = !rotation_->isChecked();
    if (countOn(q.part) < int(kNumKeypoints)) q.options.joints = toBits(q.part);
    if (imageMode()) q.sourceImage = imageSource_;
    return q;
}

bool QueryPanel::mirror() const { return mirror_->isChecked(); }
bool QueryPanel::anyRotation() const { return rotation_->isChecked(); }
void QueryPanel::setMirror(bool on) { mirror_->setChecked(on); }
void QueryPanel::setAnyRotation(bool on) { rotation_->setChecked(on); }

}  // namespace refpose::ui
