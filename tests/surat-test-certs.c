/* STUB: to be written */
#include "config.h"
