/* STUB: to be written */
#include "config.h"
#include "surat-core.h"
int main (int argc, char **argv) { surat_core_init (); return 0; }
