package de.kommunalpakt.forum.shared;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a longer list.
 *
 * @param <T> element type
 * @param items the elements on this page
 * @param number zero-based page number
 * @param size page size
 * @param total number of elements on all pages
 */
public record Page<T>(List<T> items, int number, int size, long total) {

	public Page {
		items = List.copyOf(items);
	}

	public int totalPages() {
		return (int) Math.max(1, (this.total + this.size - 1) / this.size);
	}

	public boolean hasNext() {
		return this.number + 1 < totalPages();
	}

	public boolean hasPrevious() {
		return this.number > 0;
	}

	public <R> Page<R> map(Function<T, R> mapper) {
		return new Page<>(this.items.stream().map(mapper).toList(), this.number, this.size, this.total);
	}

}
