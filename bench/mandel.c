/* mandel: 1600x1600 Mandelbrot grid, at most 50 iterations per point; prints
 * the points that never escaped and the number of non-escaping iterations.
 *
 * As a C programmer writes it: integer pixel loops, an iteration `for` whose
 * counter is the answer (i == 50: never escaped), and the squares kept from
 * one iteration to the next (the usual escape-time loop; the same operations
 * on the same values as zr*zr - zi*zi + cr, so the result is bit-identical). */
#include <stdint.h>
#include <stdio.h>

enum { SIZE = 1600, MAX_ITER = 50 };

int main(void) {
    int64_t inside = 0, iters = 0;
    for (int py = 0; py < SIZE; py++) {
        double ci = 2.0 * py / SIZE - 1;
        for (int px = 0; px < SIZE; px++) {
            double cr = 2.0 * px / SIZE - 1.5;
            double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
            int i;
            for (i = 0; i < MAX_ITER; i++) {
                zi = 2 * zr * zi + ci;
                zr = zr2 - zi2 + cr;
                zr2 = zr * zr;
                zi2 = zi * zi;
                if (zr2 + zi2 > 4) break;
            }
            iters += i;
            if (i == MAX_ITER) inside++;
        }
    }
    printf("mandel: %lld %lld\n", (long long)inside, (long long)iters);
    return 0;
}
