#include "AnnotationSession.h"
namespace refpose::annotator {
int annotatorVersion() { return 1; }
}
