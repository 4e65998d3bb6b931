/*
 * fuzz_xlsx.c - libFuzzer target for the XLSX reader (src/pkg/xlsx.c).
 *
 * Any bytes must open as a workbook or be refused as input, never crash,
 * leak or run away (parts are bounded); every sheet of a workbook that
 * opens must read or be refused, and a grid read has every cell filled.
 */
#include <stdint.h>
#include <stdlib.h>

#include "pkg/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xlsx_book b;
	struct xlsx_grid g;
	struct jy_err err;

	if (xlsx_open_buffer("fuzz.xlsx", data, size, &b, &err) != 0) {
		if (err.code != JY_EINPUT || !err.msg[0])
			abort(); /* refusals are input errors with a message */
		return 0;
	}
	for (size_t i = 0; i < b.n_sheets; i++) {
		if (xlsx_read_sheet(&b, i, &g, &err) != 0) {
			if (err.code != JY_EINPUT)
				abort();
			continue;
		}
		for (size_t k = 0; k < g.n_rows * g.n_cols; k++)
			if (!g.cells[k])
				abort();
		xlsx_grid_release(&g);
	}
	xlsx_close(&b);
	return 0;
}
