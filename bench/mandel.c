/* mandel: 1600x1600 Mandelbrot grid, at most 50 iterations per point. */
#include <stdint.h>
#include <stdio.h>

int main(void) {
    int64_t inside = 0, iters = 0;
    double y = 0;
    while (y < 1600) {
        double ci = 2 * y / 1600 - 1;
        double x = 0;
        while (x < 1600) {
            double cr = 2 * x / 1600 - 1.5;
            double zr = 0, zi = 0;
            int64_t i = 0;
            int escaped = 0;
            while (i < 50) {
                double nzr = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = nzr;
                if (zr * zr + zi * zi > 4) { escaped = 1; break; }
                i++; /* counts the iterations that did not escape */
            }
            iters += i;
            if (!escaped) inside++;
            x += 1;
        }
        y += 1;
    }
    printf("mandel: %lld %lld\n", (long long)inside, (long long)iters);
    return 0;
}
