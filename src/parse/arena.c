/*
 * arena.c
 *	  The parser's arena: chunks from malloc, freed together, with a hard
 *	  bound on the total.
 */
#include "parse_int.h"

#define CHUNK_HDR		((sizeof(Chunk) + 15) & ~(size_t) 15)

#define CHUNK_DEFAULT	(64 * 1024)

/*
 * One chunk of the default size kept from the last parse for the next: a
 * parse of an ordinary report needs two or three, and handing them all back
 * to malloc each time makes it return the top of the heap to the system
 * and ask for it again (brk) on every call.  One chunk a process, no more.
 */
#ifndef GI_PARSE_ARENA_MALLOC
static Chunk *spare_chunk;
#endif

void *
arena_alloc(Arena *a, size_t n)
{
	Chunk	   *c;
	size_t		size;

	if (a->failed)
		return NULL;
	if (n > a->limit)
	{
		a->failed = true;
		return NULL;
	}
	n = n == 0 ? 16 : (n + 15) & ~(size_t) 15;
#ifdef GI_PARSE_ARENA_MALLOC
	/* every allocation its own block, so that AddressSanitizer sees its bounds */
	if (false)
#else
	if (a->head != NULL && a->head->size - a->head->used >= n)
#endif
	{
		void	   *p = (char *) a->head + CHUNK_HDR + a->head->used;

		a->head->used += n;
		return p;
	}
#ifdef GI_PARSE_ARENA_MALLOC
	size = n;
#else
	size = n > CHUNK_DEFAULT / 4 ? n : CHUNK_DEFAULT;
#endif
	if (a->total + size + CHUNK_HDR > a->limit)
	{
		a->failed = true;
		return NULL;
	}
#ifndef GI_PARSE_ARENA_MALLOC
	if (size == CHUNK_DEFAULT && spare_chunk != NULL)
	{
		c = spare_chunk;
		spare_chunk = NULL;
	}
	else
#endif
		c = malloc(CHUNK_HDR + size);
	if (c == NULL)
	{
		a->failed = true;
		return NULL;
	}
	a->total += CHUNK_HDR + size;
	c->size = size;
	c->used = n;
	if (size == n && a->head != NULL)
	{
		/* a dedicated chunk: keep the current one for small requests */
		c->next = a->head->next;
		a->head->next = c;
	}
	else
	{
		c->next = a->head;
		a->head = c;
	}
	return (char *) c + CHUNK_HDR;
}

void
arena_free(Arena *a)
{
	Chunk	   *c = a->head;

	while (c != NULL)
	{
		Chunk	   *next = c->next;

#ifndef GI_PARSE_ARENA_MALLOC
		if (spare_chunk == NULL && c->size == CHUNK_DEFAULT)
			spare_chunk = c;
		else
#endif
			free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}

/* Make room for need elements in *data (capacity *cap); doubles. */
bool
grow(Arena *a, void **data, int *cap, int need, size_t elsize)
{
	int			newcap;
	void	   *p;

	if (need <= *cap)
		return true;
	newcap = *cap > 0 ? *cap : 16;
	while (newcap < need)
	{
		if (newcap > INT_MAX / 2)
		{
			a->failed = true;
			return false;
		}
		newcap *= 2;
	}
	p = arena_alloc(a, (size_t) newcap * elsize);
	if (p == NULL)
		return false;
	if (*cap > 0 && *data != NULL)
		memcpy(p, *data, (size_t) *cap * elsize);
	*data = p;
	*cap = newcap;
	return true;
}

char *
arena_strndup(Arena *a, const char *s, size_t n)
{
	char	   *p = arena_alloc(a, n + 1);

	if (p == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
